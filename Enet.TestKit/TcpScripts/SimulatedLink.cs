namespace Enet.TestKit.TcpScripts;

/// <summary>What a <see cref="SimulatedLink"/> does to segments: a one-way delay of half <paramref name="Rtt"/>, a rate
/// in bits per second that serializes them one after another, a drop-tail queue of <paramref name="QueueBytes"/> waiting
/// to be serialized, and random loss of <paramref name="LossRate"/> drawn from <paramref name="Seed"/>.</summary>
public sealed record LinkProfile(TimeSpan Rtt, double LossRate, long BitsPerSecond = 100_000_000, int QueueBytes = 128 * 1024,
    int Seed = 1);

/// <summary>One direction of a simulated path on virtual time: no clock and no threads, so the same profile and seed
/// drop and delay the same segments every run.</summary>
public sealed class SimulatedLink(LinkProfile profile, int seed)
{
    private readonly Random random = new(seed);
    private DateTimeOffset busyUntil;

    public long Sent { get; private set; }

    public long Lost { get; private set; }

    public long QueueDrops { get; private set; }

    /// <summary>When a segment of <paramref name="bytes"/> handed over at <paramref name="now"/> arrives, or null when it
    /// is lost or finds the queue full.</summary>
    public DateTimeOffset? Carry(int bytes, DateTimeOffset now)
    {
        Sent++;
        var start = busyUntil > now ? busyUntil : now;
        var queued = (start - now).TotalSeconds * profile.BitsPerSecond / 8;
        if (queued + bytes > profile.QueueBytes)
        {
            QueueDrops++;
            return null;
        }
        busyUntil = start + TimeSpan.FromSeconds(bytes * 8.0 / profile.BitsPerSecond);
        if (random.NextDouble() < profile.LossRate)
        {
            Lost++;
            return null;
        }
        return busyUntil + profile.Rtt / 2;
    }
}
