namespace Enet.TestKit.TcpScripts;

/// <summary>What a <see cref="SimulatedLink"/> does to segments: a one-way delay of half <paramref name="Rtt"/>, a rate
/// in bits per second that serializes them one after another, a drop-tail queue of <paramref name="QueueBytes"/> waiting
/// to be serialized, and random loss of <paramref name="LossRate"/> drawn from <paramref name="Seed"/>. A share
/// <paramref name="ReorderRate"/> of the segments is held back a further <paramref name="ReorderDelay"/>, so those sent
/// after it overtake it, and a share <paramref name="DuplicateRate"/> arrives twice, the copy that much later too.</summary>
public sealed record LinkProfile(TimeSpan Rtt, double LossRate, long BitsPerSecond = 100_000_000, int QueueBytes = 128 * 1024,
    int Seed = 1, double ReorderRate = 0, TimeSpan ReorderDelay = default, double DuplicateRate = 0);

/// <summary>One direction of a simulated path on virtual time: no clock and no threads, so the same profile and seed
/// drop, delay, reorder and duplicate the same segments every run.</summary>
public sealed class SimulatedLink(LinkProfile profile, int seed)
{
    private readonly Random random = new(seed);
    private DateTimeOffset busyUntil;

    public long Sent { get; private set; }

    public long Lost { get; private set; }

    public long QueueDrops { get; private set; }

    public long Reordered { get; private set; }

    public long Duplicated { get; private set; }

    /// <summary>When a segment of <paramref name="bytes"/> handed over at <paramref name="now"/> arrives (At null when it
    /// is lost or finds the queue full), and when its duplicate arrives, if it has one.</summary>
    public (DateTimeOffset? At, DateTimeOffset? Again) Carry(int bytes, DateTimeOffset now)
    {
        Sent++;
        var start = busyUntil > now ? busyUntil : now;
        var queued = (start - now).TotalSeconds * profile.BitsPerSecond / 8;
        if (queued + bytes > profile.QueueBytes)
        {
            QueueDrops++;
            return (null, null);
        }
        busyUntil = start + TimeSpan.FromSeconds(bytes * 8.0 / profile.BitsPerSecond);
        if (random.NextDouble() < profile.LossRate)
        {
            Lost++;
            return (null, null);
        }
        var at = busyUntil + profile.Rtt / 2;
        if (Chance(profile.ReorderRate))
        {
            Reordered++;
            at += profile.ReorderDelay;
        }
        if (!Chance(profile.DuplicateRate))
            return (at, null);
        Duplicated++;
        return (at, at + profile.ReorderDelay);
    }

    /// <summary>Draws only when the fault is in the profile, so a profile without it keeps the draws (and results) of
    /// one that never had it.</summary>
    private bool Chance(double probability) => probability > 0 && random.NextDouble() < probability;
}
