namespace Enet.Tap;

/// <summary>How a <see cref="PcapReplayLink"/> plays its frames.</summary>
public sealed record PcapReplayOptions
{
    /// <summary>Space frames as their timestamps were spaced; false (the default) replays as fast as the
    /// reader takes them.</summary>
    public bool Paced { get; init; }

    public int Mtu { get; init; } = 1500;

    /// <summary>Bound of <see cref="ILink.Received"/>. Replay waits for room rather than dropping.</summary>
    public int ReceiveCapacity { get; init; } = 1024;

    /// <summary>Clock for pacing.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
