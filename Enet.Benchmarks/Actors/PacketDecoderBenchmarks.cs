using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Enet.Actors.GenTcp;

namespace Enet.Benchmarks.Actors;

/// <summary>
/// The receive side of {packet, 4} and {packet, line} (<see cref="PacketDecoder"/>): 1 MiB of framed messages (64 to
/// 1024 bytes) or text lines (20 to 200 bytes), cut into 1460-byte segments as TCP delivers them, appended one segment
/// at a time and every whole packet taken out as its own array (what a socket hands its owner). Beside it in the same
/// run: a naive decoder that joins and splits with array copies (the baseline), and System.IO.Pipelines with a
/// <see cref="SequenceReader{T}"/>, the usual .NET way.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PacketDecoderBenchmarks
{
    private const int StreamBytes = 1024 * 1024;
    private const int Segment = 1460;

    private byte[][] framedSegments = null!;
    private byte[][] lineSegments = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var framed = new List<byte>(StreamBytes + 1024);
        while (framed.Count < StreamBytes)
        {
            var body = new byte[random.Next(64, 1025)];
            random.NextBytes(body);
            var header = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(header, body.Length);
            framed.AddRange(header);
            framed.AddRange(body);
        }
        var lines = new List<byte>(StreamBytes + 256);
        while (lines.Count < StreamBytes)
        {
            var length = random.Next(20, 201);
            for (var i = 0; i < length - 1; i++)
                lines.Add((byte)random.Next(' ', '~' + 1));
            lines.Add((byte)'\n');
        }
        framedSegments = Cut(framed.ToArray());
        lineSegments = Cut(lines.ToArray());
        // The three take the same packets, or the comparison means nothing.
        if (new[] { Packet4Enet(), Packet4Pipelines() }.Any(t => t != Packet4Naive()) || new[] { LineEnet(), LinePipelines() }.Any(t => t != LineNaive()))
            throw new InvalidOperationException("the decoders disagree");
    }

    private static byte[][] Cut(byte[] stream) =>
        [.. Enumerable.Range(0, (stream.Length + Segment - 1) / Segment).Select(i => stream.AsSpan(i * Segment, Math.Min(Segment, stream.Length - i * Segment)).ToArray())];

    [Benchmark(Baseline = true), BenchmarkCategory("packet4")]
    public long Packet4Naive() => Naive(framedSegments, TakeFramed);

    [Benchmark, BenchmarkCategory("packet4")]
    public long Packet4Enet() => Enet(framedSegments, new PacketDecoder(PacketType.Four));

    [Benchmark, BenchmarkCategory("packet4")]
    public long Packet4Pipelines() => Pipelines(framedSegments, ReadFramed);

    [Benchmark(Baseline = true), BenchmarkCategory("line")]
    public long LineNaive() => Naive(lineSegments, TakeLine);

    [Benchmark, BenchmarkCategory("line")]
    public long LineEnet() => Enet(lineSegments, new PacketDecoder(PacketType.Line));

    [Benchmark, BenchmarkCategory("line")]
    public long LinePipelines() => Pipelines(lineSegments, ReadLines);

    private static long Enet(byte[][] segments, PacketDecoder decoder)
    {
        long taken = 0;
        foreach (var segment in segments)
        {
            decoder.Append(segment);
            while (decoder.TryTake(out var packet, out _) == PacketResult.Packet)
                taken += packet.Length;
        }
        return taken;
    }

    /// <summary>Where the next packet of a buffered span ends (its length and the bytes it takes), or -1.</summary>
    private delegate int Measure(ReadOnlySpan<byte> buffered, out int skip, out int length);

    private static int TakeFramed(ReadOnlySpan<byte> buffered, out int skip, out int length)
    {
        skip = 4;
        length = 0;
        if (buffered.Length < 4)
            return -1;
        length = BinaryPrimitives.ReadInt32BigEndian(buffered);
        return buffered.Length >= 4 + length ? 4 + length : -1;
    }

    private static int TakeLine(ReadOnlySpan<byte> buffered, out int skip, out int length)
    {
        skip = 0;
        length = buffered.IndexOf((byte)'\n') + 1;
        return length > 0 ? length : -1;
    }

    /// <summary>Every append makes a new array of old and new bytes; every packet taken copies out and copies the rest
    /// into another new array.</summary>
    private static long Naive(byte[][] segments, Measure measure)
    {
        long taken = 0;
        var buffered = Array.Empty<byte>();
        foreach (var segment in segments)
        {
            var joined = new byte[buffered.Length + segment.Length];
            buffered.CopyTo(joined, 0);
            segment.CopyTo(joined, buffered.Length);
            buffered = joined;
            int used;
            while ((used = measure(buffered, out var skip, out var length)) > 0)
            {
                taken += buffered.AsSpan(skip, length).ToArray().Length;
                buffered = buffered.AsSpan(used).ToArray();
            }
        }
        return taken;
    }

    /// <summary>Each segment written and flushed into a pipe, the readable sequence parsed with a SequenceReader (which
    /// spans the pipe's segments), each packet copied out, the rest left for the next read.</summary>
    private static long Pipelines(byte[][] segments, Func<SequenceReader<byte>, (long Taken, SequencePosition Consumed)> parse)
    {
        long taken = 0;
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        foreach (var segment in segments)
        {
            pipe.Writer.Write(segment);
            pipe.Writer.FlushAsync().GetAwaiter().GetResult();
            pipe.Reader.TryRead(out var result);
            var (bytes, consumed) = parse(new SequenceReader<byte>(result.Buffer));
            taken += bytes;
            pipe.Reader.AdvanceTo(consumed, result.Buffer.End);
        }
        pipe.Writer.Complete();
        pipe.Reader.Complete();
        return taken;
    }

    private static (long, SequencePosition) ReadFramed(SequenceReader<byte> reader)
    {
        long taken = 0;
        while (reader.TryReadBigEndian(out int length))
        {
            if (reader.Remaining < length)
            {
                reader.Rewind(4);
                break;
            }
            taken += reader.UnreadSequence.Slice(0, length).ToArray().Length;
            reader.Advance(length);
        }
        return (taken, reader.Position);
    }

    private static (long, SequencePosition) ReadLines(SequenceReader<byte> reader)
    {
        long taken = 0;
        var start = reader.Position;
        while (reader.TryAdvanceTo((byte)'\n'))
        {
            // The delimiter stays in the line, as with PacketDecoder.
            taken += reader.Sequence.Slice(start, reader.Position).ToArray().Length;
            start = reader.Position;
        }
        return (taken, start);
    }
}
