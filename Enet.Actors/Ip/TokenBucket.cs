namespace Enet.Actors.Ip;

/// <summary>
/// A token bucket (RFC 1812 4.3.2.8, RFC 4443 2.4 (f)): <c>burst</c> tokens at most, refilled at
/// <c>ratePerSecond</c>; each message sent takes one. Time is passed in, so a test drives it with virtual time.
/// </summary>
public sealed class TokenBucket(double ratePerSecond, int burst, DateTimeOffset now)
{
    private double tokens = burst;
    private DateTimeOffset last = now;

    public bool TryTake(DateTimeOffset now)
    {
        if (now > last)
        {
            tokens = Math.Min(burst, tokens + (now - last).TotalSeconds * ratePerSecond);
            last = now;
        }
        if (tokens < 1)
            return false;
        tokens--;
        return true;
    }
}
