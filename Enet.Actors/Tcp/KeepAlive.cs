namespace Enet.Actors.Tcp;

/// <summary>
/// Keep-alive (RFC 1122 4.2.3.6): after <see cref="Idle"/> without a segment from the peer, a probe every
/// <see cref="Interval"/>; <see cref="Count"/> probes unanswered end the connection (etimedout). Any segment from
/// the peer, a probe's ACK included, starts the idle time again.
/// </summary>
public sealed class KeepAlive(TimeSpan idle, TimeSpan interval, int count)
{
    public enum Action
    {
        /// <summary>Not idle long enough: tick again after <see cref="Decision.Delay"/>.</summary>
        Wait,

        /// <summary>Send a probe, tick again after <see cref="Decision.Delay"/>.</summary>
        Probe,

        /// <summary>The peer is gone.</summary>
        Expire,
    }

    public readonly record struct Decision(Action Action, TimeSpan Delay);

    private DateTimeOffset lastHeard;
    private int unanswered;

    public TimeSpan Idle => idle;

    public TimeSpan Interval => interval;

    public int Count => count;

    public void Heard(DateTimeOffset now)
    {
        lastHeard = now;
        unanswered = 0;
    }

    public Decision Tick(DateTimeOffset now)
    {
        var quiet = now - lastHeard;
        if (unanswered == 0 && quiet < idle)
            return new Decision(Action.Wait, idle - quiet);
        if (unanswered >= count)
            return new Decision(Action.Expire, TimeSpan.Zero);
        unanswered++;
        return new Decision(Action.Probe, interval);
    }
}
