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

    /// <summary>Write from a dedicated thread that drains a queue in bursts, so a sender never waits in write(2)
    /// and a full device queue delays frames instead of dropping them; false writes on the sender's thread
    /// (one thread hop less per frame, for latency over throughput).</summary>
    public bool BatchWrites { get; init; } = true;

    /// <summary>Let the kernel hand over work a NIC would do (IFF_VNET_HDR + TUNSETOFFLOAD, as QEMU and gVisor do):
    /// checksums left partial, which the reader completes, and TCP super-frames of up to 64 kB in one read instead of
    /// one read per MSS. Throughput from the kernel rises several-fold; a super-frame is longer than the MTU (a
    /// capture shows it as the kernel's own tcpdump does). Frames Enet sends are never segmented by the kernel.</summary>
    public bool Offload { get; init; }

    /// <summary>How long the reader thread keeps polling after its last frame before it sleeps in poll(2), as Linux's
    /// busy polling (net.core.busy_read) does: the next request usually follows a reply within microseconds, and one
    /// caught here saves a wake-up, which on a virtual machine costs several times a round trip between namespaces
    /// (PingRoundTripBenchmarks: ping over TAP 3.4x of veth without, 1.8x with 50 us). Off by default: the thread burns
    /// up to this much CPU after every burst, and on this 2-core machine that CPU was the kernel's for a bulk transfer
    /// (DiscardOverTapBenchmarks' share of veth fell from about 0.56 to 0.45 with 50 us). The writer thread spins a
    /// fixed 50 us either way (<see cref="TapWriter"/>).</summary>
    public TimeSpan BusyPoll { get; init; }

    /// <summary>Frames the writer may have queued; beyond it sends are refused and counted.</summary>
    public int SendCapacity { get; init; } = 1024;

    /// <summary>Clock for receive timestamps.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
