using System.Buffers;
using BenchmarkDotNet.Attributes;
using Enet.Remote.Distribution;
using Enet.Remote.Etf;

namespace Enet.Benchmarks.Remote;

/// <summary>
/// The two hot paths of a 1 MiB binary message inside one node: decoding it from a packet the connection read
/// into an array of its own (the binary a slice of it, against a copy as the public decoder makes), and
/// encoding it into the outbound queue (queued by reference, against a copy into a pooled buffer).
/// </summary>
[MemoryDiagnoser]
public class EtfBinaryBenchmarks
{
    private readonly ErlBinary _binary = new(new byte[1 << 20]);
    private readonly ArrayBufferWriter<byte> _copyOutput = new(2 << 20);
    private byte[] _encoded = [];

    [GlobalSetup]
    public void Setup()
    {
        _encoded = Etf.Encode(_binary);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Decode")]
    public Term Decode_copying() => Etf.TryDecode(_encoded, out var term, out _) ? term : throw new InvalidOperationException();

    [Benchmark, BenchmarkCategory("Decode")]
    public Term Decode_sharing() =>
        Etf.TryDecodePrefixShared(_encoded, out var term, out _, out _) ? term : throw new InvalidOperationException();

    [Benchmark, BenchmarkCategory("Encode")]
    public int Encode_copying()
    {
        _copyOutput.ResetWrittenCount();
        Etf.Encode(_binary, _copyOutput);
        return _copyOutput.WrittenCount;
    }

    [Benchmark, BenchmarkCategory("Encode")]
    public int Encode_by_reference()
    {
        var queue = new OutboundQueue();
        Etf.Encode(_binary, queue);
        var segments = new List<OutboundQueue.Segment>(2);
        var bytes = queue.TakeInto(segments, 64);
        foreach (var segment in segments)
            segment.Release();
        return bytes;
    }
}
