using Enet.Codecs;

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

    /// <summary>Destination MAC of the Ethernet header given to raw IP and cooked packets: broadcast, so the
    /// interface accepts them whatever its own MAC.</summary>
    public MacAddress SyntheticDestination { get; init; } = MacAddress.Broadcast;

    /// <summary>Source MAC of that header.</summary>
    public MacAddress SyntheticSource { get; init; } = MacAddress.Parse("02:00:00:00:00:00");

    /// <summary>Clock for pacing.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
