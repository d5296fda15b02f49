namespace Enet.Tap;

/// <summary>
/// What a <see cref="FaultInjector"/> does to frames, in the spirit of Linux netem (tc-netem(8)):
/// probabilities are per frame, from 0 to 1.
/// </summary>
public sealed record FaultProfile
{
    public static readonly FaultProfile None = new();

    /// <summary>A frame vanishes.</summary>
    public double Loss { get; init; }

    /// <summary>A frame is sent twice.</summary>
    public double Duplication { get; init; }

    /// <summary>A frame is held back and sent right after the next one, so the two swap places.</summary>
    public double Reordering { get; init; }

    /// <summary>One bit of the frame, chosen at random, is flipped.</summary>
    public double Corruption { get; init; }

    /// <summary>Every frame arrives this much later...</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>...plus a uniformly random extra up to this (which reorders frames closer than the jitter).</summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>A token-bucket policer: frames beyond this rate are dropped. Null for no limit.</summary>
    public double? RateFramesPerSecond { get; init; }

    public double? RateBitsPerSecond { get; init; }

    /// <summary>How much traffic the bucket lets through at once after an idle spell.</summary>
    public TimeSpan RateBurst { get; init; } = TimeSpan.FromMilliseconds(10);
}
