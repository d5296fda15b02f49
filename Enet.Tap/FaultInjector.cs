using System.Threading.Channels;

namespace Enet.Tap;

/// <summary>
/// Wraps a link and damages the frames sent through it: rate policing, loss, corruption, duplication,
/// reordering, then delay, in that order. Received frames pass untouched; wrap the other end of a wire to
/// damage the other direction. Every decision comes from one <see cref="Random"/> seeded at construction
/// and taken under a lock, so the same seed, profile and send sequence (and, for delay and rate, the same
/// clock) give the same faults: a failing run can be replayed.
/// </summary>
/// <remarks>The injector owns the inner link and disposes it. A frame the injector drops still counts as
/// sent, as a frame lost on a cable does; the fault counters say what happened to it.</remarks>
public sealed class FaultInjector : ILink
{
    private readonly ILink inner;
    private readonly FaultProfile profile;
    private readonly Random random;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private readonly DelayLine delayLine;
    private readonly TokenBucket? frameBucket;
    private readonly TokenBucket? bitBucket;
    private LinkFrame? held;
    private bool disposed;

    public FaultInjector(ILink inner, FaultProfile profile, int seed, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(profile);
        foreach (var p in (double[])[profile.Loss, profile.Duplication, profile.Reordering, profile.Corruption])
            if (!(p is >= 0 and <= 1))
                throw new ArgumentOutOfRangeException(nameof(profile), $"probability {p} is not between 0 and 1");
        this.inner = inner;
        this.profile = profile;
        random = new Random(seed);
        this.time = time ?? TimeProvider.System;
        delayLine = new DelayLine(inner, this.time, gate);
        if (profile.RateFramesPerSecond is { } fps)
            frameBucket = new TokenBucket(fps, Math.Max(1, fps * profile.RateBurst.TotalSeconds), this.time);
        if (profile.RateBitsPerSecond is { } bps)
            bitBucket = new TokenBucket(bps, Math.Max((inner.Mtu + 18) * 8, bps * profile.RateBurst.TotalSeconds), this.time);
    }

    public string Name => inner.Name;
    public int Mtu => inner.Mtu;
    public ChannelReader<LinkFrame> Received => inner.Received;
    public Task Completion => inner.Completion;
    public LinkCounters Counters => inner.Counters;

    public long Lost { get; private set; }
    public long Duplicated { get; private set; }
    public long Reordered { get; private set; }
    public long Corrupted { get; private set; }
    public long Delayed { get; private set; }
    public long RateLimited { get; private set; }

    public bool TrySend(ReadOnlySpan<byte> frame)
    {
        lock (gate)
        {
            if (disposed)
                return inner.TrySend(frame);
            if (!Admit(frame.Length))
                RateLimited++;
            else if (Chance(profile.Loss))
                Lost++;
            else
            {
                var copies = Chance(profile.Duplication) ? 2 : 1;
                Duplicated += copies - 1;
                for (var i = 0; i < copies; i++)
                    Corrupt(frame);
            }
            return true;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
                return;
            disposed = true;
            held?.Dispose();
            held = null;
            delayLine.Dispose();
        }
        inner.Dispose();
    }

    private bool Admit(int length)
    {
        if (frameBucket?.CanTake(1) == false || bitBucket?.CanTake(length * 8) == false)
            return false;
        frameBucket?.Take(1);
        bitBucket?.Take(length * 8);
        return true;
    }

    private bool Chance(double probability) => probability > 0 && random.NextDouble() < probability;

    private void Corrupt(ReadOnlySpan<byte> frame)
    {
        if (frame.IsEmpty || !Chance(profile.Corruption))
        {
            Reorder(frame);
            return;
        }
        Corrupted++;
        using var copy = LinkFrame.Copy(frame, 0);
        var bit = random.Next(frame.Length * 8);
        var bytes = copy.Writable;
        bytes[bit / 8] ^= (byte)(1 << (bit % 8));
        Reorder(bytes);
    }

    private void Reorder(ReadOnlySpan<byte> frame)
    {
        if (held is { } previous)
        {
            held = null;
            Delay(frame);
            Delay(previous.Span);
            previous.Dispose();
        }
        else if (Chance(profile.Reordering))
        {
            Reordered++;
            held = LinkFrame.Copy(frame, 0);
        }
        else
            Delay(frame);
    }

    private void Delay(ReadOnlySpan<byte> frame)
    {
        var delay = profile.Delay + (profile.Jitter > TimeSpan.Zero ? profile.Jitter * random.NextDouble() : TimeSpan.Zero);
        if (delay <= TimeSpan.Zero)
        {
            inner.TrySend(frame);
            return;
        }
        Delayed++;
        delayLine.Hold(frame, delay);
    }
}
