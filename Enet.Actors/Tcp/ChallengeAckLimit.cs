namespace Enet.Actors.Tcp;

/// <summary>
/// RFC 5961 7: the challenge ACKs of one layer's connections are limited to so many per second, so the mitigations of
/// sections 3 to 5 cannot be turned into an ACK flood. As Linux since 4.7 (tcp_send_challenge_ack, after CVE-2016-5696:
/// a fixed global count let an off-path attacker count the challenge ACKs a connection drew, and so find it), each
/// second's allowance is drawn at random from [limit/2, limit*3/2). Shared by connections on other threads: locked.
/// </summary>
public sealed class ChallengeAckLimit
{
    private readonly int limit;
    private readonly Random random;
    private readonly Lock gate = new();
    private long second = long.MinValue;
    private int left;

    /// <param name="limit">Challenge ACKs per second on average (Linux's tcp_challenge_ack_limit).</param>
    /// <param name="random">Draws each second's allowance; a seeded one makes a test repeatable.</param>
    public ChallengeAckLimit(int limit, Random? random = null)
    {
        this.limit = limit;
        this.random = random ?? Random.Shared;
    }

    /// <summary>True when a challenge ACK may go now, taking it from this second's allowance.</summary>
    public bool TryTake(DateTimeOffset now)
    {
        var at = now.ToUnixTimeSeconds();
        lock (gate)
        {
            if (at != second)
            {
                second = at;
                var half = (limit + 1) / 2;
                left = random.Next(half, half + limit);
            }
            if (left == 0)
                return false;
            left--;
            return true;
        }
    }
}
