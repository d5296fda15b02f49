using Enet.Actors.Interface;
using Enet.Actors.Ip;
using Enet.Codecs;

namespace Enet.Actors.Hosting;

/// <summary>One interface of a host, as `enet.hosts.NAME.interfaces.IFACE` configures it.</summary>
public sealed record InterfaceSettings(string Name, string Link, MacAddress Mac)
{
    /// <summary>The TAP device name (created if absent), or the name of the in-memory wire to plug into.</summary>
    public string? Device { get; init; }

    /// <summary>For link = pcap: the capture file replayed as received traffic.</summary>
    public string? Path { get; init; }

    /// <summary>For link = tap: the network namespace the device is created in.</summary>
    public string? Namespace { get; init; }

    /// <summary>For link = tap: frames are written by the device's writer thread in bursts (one wake-up per burst);
    /// false writes each frame on the sender's thread.</summary>
    public bool BatchWrites { get; init; } = true;

    /// <summary>For link = tap: how long the device's reader keeps polling after its last frame before it sleeps (a
    /// latency option, off by default: see TapDeviceOptions.BusyPoll).</summary>
    public TimeSpan BusyPoll { get; init; }

    /// <summary>For link = tap: the kernel leaves checksums and TCP segmentation to Enet (virtio-net offloads), so a
    /// read may carry a 64 kB TCP super-frame instead of one MSS.</summary>
    public bool Offload { get; init; } = true;

    /// <summary>For link = remote: the virtual Ethernet segment joined, shared with the peers that name it too.</summary>
    public string? Segment { get; init; }

    /// <summary>For link = remote: the Akka addresses of the other nodes on the segment (akka.tcp://enet@host:port).</summary>
    public IReadOnlyList<string> Peers { get; init; } = [];

    /// <summary>For link = remote: the bounds of each peer's queue (enet.remote-link).</summary>
    public RemoteLinkSettings Remote { get; init; } = RemoteLinkSettings.Default;

    public int Mtu { get; init; } = 1500;

    public IReadOnlyList<Ipv4Cidr> Ipv4 { get; init; } = [];

    /// <summary>For link = tap: the address given to the operating system's side of the device, which is brought up.</summary>
    public Ipv4Cidr? OsIpv4 { get; init; }

    public Ipv4Address? Gateway { get; init; }

    /// <summary>Configured IPv6 addresses; any makes the interface run IPv6, with a link-local address from the MAC too.</summary>
    public IReadOnlyList<Ipv6Cidr> Ipv6 { get; init; } = [];

    /// <summary>For link = tap: the IPv6 address given to the operating system's side of the device.</summary>
    public Ipv6Cidr? OsIpv6 { get; init; }

    /// <summary>The interface's own settings; its link starts when <see cref="HostStarter"/> has every service subscribed.</summary>
    public EthInterfaceSettings ToEthInterfaceSettings(int subscriberCapacity) =>
        new(Name, Mac) { Mtu = Mtu, Ipv4 = Ipv4, SubscriberCapacity = subscriberCapacity, DeferLinkStart = true };
}
