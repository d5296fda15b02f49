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
    private int disposed;

    public PcapReplayLink(string name, IEnumerable<(long TimestampNanoseconds, ReadOnlyMemory<byte> Frame)> source, PcapReplayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= new PcapReplayOptions();
        Name = name;
        Mtu = options.Mtu;
        queue = new ReceiveQueue(options.ReceiveCapacity, Counters, options.Time);
        Completion = Task.Run(() => Play(source, options, stop.Token));
    }

    /// <summary>Replays a pcap or pcapng file; a malformed record faults <see cref="Completion"/> with the
    /// reader's error after the frames before it were played.</summary>
    public static PcapReplayLink OpenCaptureFile(string path, PcapReplayOptions? options = null) =>
        new(Path.GetFileName(path), CaptureFrames(path), options);

    private static IEnumerable<(long TimestampNanoseconds, ReadOnlyMemory<byte> Frame)> CaptureFrames(string path)
    {
        using var reader = CaptureFile.Open(path);
        DecodeError? error;
        while (reader.TryReadNext(out var packet, out error))
            yield return (packet.TimestampNanoseconds, packet.Data);
        if (error is not null)
            throw new InvalidDataException($"replay of {path}: {error}");
    }

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
