using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Enet.Codecs;
using Enet.Codecs.Capture;

namespace Enet.Tap;

/// <summary>
/// Plays recorded frames as if they arrived on a link: each source frame is copied into a pooled buffer
/// and queued on <see cref="Received"/> with its capture timestamp. Sends are counted and discarded.
/// <see cref="Completion"/> completes once the last frame is queued (readers still drain
/// <see cref="Received"/>, which then completes), or faults if the source throws.
/// </summary>
public sealed class PcapReplayLink : ILink
{
    private readonly ReceiveQueue queue;
    private readonly CancellationTokenSource stop = new();
    private readonly StrongBox<long> skipped;
    private int disposed;

    public PcapReplayLink(string name, IEnumerable<(long TimestampNanoseconds, ReadOnlyMemory<byte> Frame)> source, PcapReplayOptions? options = null)
        : this(name, source, options, new StrongBox<long>())
    {
    }

    private PcapReplayLink(string name, IEnumerable<(long TimestampNanoseconds, ReadOnlyMemory<byte> Frame)> source,
        PcapReplayOptions? options, StrongBox<long> skipped)
    {
        this.skipped = skipped;
        ArgumentNullException.ThrowIfNull(source);
        options ??= new PcapReplayOptions();
        Name = name;
        Mtu = options.Mtu;
        queue = new ReceiveQueue(options.ReceiveCapacity, Counters, options.Time);
        Completion = Task.Run(() => Play(source, options, stop.Token));
    }

    /// <summary>Replays a pcap or pcapng file; a malformed record faults <see cref="Completion"/> with the
    /// reader's error after the frames before it were played. Raw IP, loopback and Linux cooked captures
    /// play as Ethernet (<see cref="EthernetFraming"/>); packets of other link types are skipped and counted
    /// in <see cref="SkippedPackets"/>.</summary>
    public static PcapReplayLink OpenCaptureFile(string path, PcapReplayOptions? options = null)
    {
        options ??= new PcapReplayOptions();
        var skipped = new StrongBox<long>();
        return new PcapReplayLink(Path.GetFileName(path), CaptureFrames(path, options, skipped), options, skipped);
    }

    private static IEnumerable<(long TimestampNanoseconds, ReadOnlyMemory<byte> Frame)> CaptureFrames(string path,
        PcapReplayOptions options, StrongBox<long> skipped)
    {
        using var reader = CaptureFile.Open(path);
        DecodeError? error;
        while (reader.TryReadNext(out var packet, out error))
        {
            if (EthernetFraming.TryToEthernet(packet, options.SyntheticDestination, options.SyntheticSource, out var frame))
                yield return (packet.TimestampNanoseconds, frame);
            else
                Interlocked.Increment(ref skipped.Value);
        }
        if (error is not null)
            throw new InvalidDataException($"replay of {path}: {error}");
    }

    /// <summary>Captured packets of a link type that cannot be played as Ethernet.</summary>
    public long SkippedPackets => Interlocked.Read(ref skipped.Value);

    public string Name { get; }

    public int Mtu { get; }

    public ChannelReader<LinkFrame> Received => queue.Reader;

    public Task Completion { get; }

    public LinkCounters Counters { get; } = new();

    public bool TrySend(ReadOnlySpan<byte> frame)
    {
        Counters.CountSent(frame.Length);
        return true;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
            return;
        stop.Cancel();
        queue.Drain();
    }

    public override string ToString() => $"replay {Name}";

    private async Task Play(IEnumerable<(long TimestampNanoseconds, ReadOnlyMemory<byte> Frame)> source, PcapReplayOptions options, CancellationToken cancel)
    {
        try
        {
            var start = options.Time.GetTimestamp();
            long? first = null;
            foreach (var (timestamp, frame) in source)
            {
                first ??= timestamp;
                if (options.Paced)
                {
                    var wait = TimeSpan.FromTicks((timestamp - first.Value) / TimeSpan.NanosecondsPerTick) - options.Time.GetElapsedTime(start);
                    if (wait > TimeSpan.Zero)
                        await Task.Delay(wait, options.Time, cancel).ConfigureAwait(false);
                }
                await queue.OfferAsync(LinkFrame.Copy(frame.Span, timestamp), cancel).ConfigureAwait(false);
            }
        }
        catch (Exception) when (cancel.IsCancellationRequested)
        {
            // Disposed mid-replay (a cancelled wait or a closed queue): a normal close.
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"{this}: the source failed: {e.Message}", e);
        }
        finally
        {
            queue.Complete();
        }
    }
}
