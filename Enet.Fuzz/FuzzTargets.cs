using Enet.Fuzz.Targets;

namespace Enet.Fuzz;

/// <summary>Every fuzz target, by the name the command line and CI use.</summary>
public static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        FrameTargets.Ethernet, FrameTargets.RawIp,
        TransportTargets.Udp, TransportTargets.Tcp, TransportTargets.Icmpv4, TransportTargets.Icmpv6, TransportTargets.Arp,
        CaptureTargets.Pcap, CaptureTargets.Pcapng,
        EtfTarget.Target, EpmdTarget.Target, HandshakeTarget.Target, HoconTarget.Target,
    ];

    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}
