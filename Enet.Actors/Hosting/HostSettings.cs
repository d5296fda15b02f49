using Enet.Actors.Arp;
using Enet.Actors.Icmp;
using Enet.Actors.Tcp;

namespace Enet.Actors.Hosting;

/// <summary>One host, as `enet.hosts.NAME` configures it: its interfaces, the services started on each of
/// them, and an optional capture file.</summary>
public sealed record HostSettings(string Name, IReadOnlyList<InterfaceSettings> Interfaces)
{
    /// <summary>Service names started on every interface: arp, icmp (needs arp), and observers such as dump, crtest.</summary>
    public IReadOnlyList<string> Services { get; init; } = ["arp", "icmp"];

    /// <summary>A .pcap or .pcapng file every frame of every interface is written to.</summary>
    public string? Capture { get; init; }

    public ArpSettings Arp { get; init; } = ArpSettings.Default;

    public IcmpSettings Icmp { get; init; } = IcmpSettings.Default;

    public TcpSettings Tcp { get; init; } = TcpSettings.Default;

    /// <summary>Frames each bus subscriber may have queued (enet.framebus.subscriber-queue).</summary>
    public int SubscriberQueue { get; init; } = 1024;

    /// <summary>Restarts of one child the host allows within <see cref="RestartWindow"/> before stopping it.</summary>
    public int MaxRestarts { get; init; } = 3;

    public TimeSpan RestartWindow { get; init; } = TimeSpan.FromMinutes(1);
}
