using Enet.Codecs;

namespace Enet.Tap;

/// <summary>How to open a TAP device and configure the operating system's side of it.</summary>
public sealed record TapDeviceOptions
{
    /// <summary>The device to create or attach to; a "%d" lets the kernel number it (tuntap.rst). At most 15 bytes.</summary>
    public string Name { get; init; } = "enet%d";

    /// <summary>Open the device inside this `ip netns` namespace instead of the caller's.</summary>
    public string? Namespace { get; init; }

    /// <summary>MTU to set (SIOCSIFMTU); null keeps the kernel's (1500 for a new TAP).</summary>
    public int? Mtu { get; init; }

    /// <summary>The address the operating system's side of the link takes, with <see cref="OsIpv4PrefixLength"/>.</summary>
    public Ipv4Address? OsIpv4Address { get; init; }

    public int OsIpv4PrefixLength { get; init; } = 24;

    public Ipv6Address? OsIpv6Address { get; init; }

    public int OsIpv6PrefixLength { get; init; } = 64;

    /// <summary>Bring the interface up (IFF_UP), as `ip link set DEV up` does.</summary>
    public bool Up { get; init; } = true;

    /// <summary>Bound of <see cref="ILink.Received"/>; beyond it frames are dropped and counted.</summary>
    public int ReceiveCapacity { get; init; } = 1024;

    /// <summary>Clock for receive timestamps.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
