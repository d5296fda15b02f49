namespace Enet.Tap;

/// <summary>A token bucket (RFC 2697's single-rate policer without colours): tokens accrue at a rate up
/// to a capacity; traffic that finds too few tokens is out of profile.</summary>
internal sealed class TokenBucket
{
    private readonly double rate;
    private readonly double capacity;
    private readonly TimeProvider time;
    private double tokens;
    private long refilledAt;

    public TokenBucket(double ratePerSecond, double capacity, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        rate = ratePerSecond;
        this.capacity = capacity;
        this.time = time;
        tokens = capacity;
        refilledAt = time.GetTimestamp();
    }

    public bool CanTake(double amount)
    {
        var now = time.GetTimestamp();
        tokens = Math.Min(capacity, tokens + (now - refilledAt) * rate / time.TimestampFrequency);
        refilledAt = now;
        return tokens >= amount;
    }

    public void Take(double amount) => tokens -= amount;
}
