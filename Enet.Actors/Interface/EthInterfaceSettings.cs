using Enet.Actors.Ip;
using Enet.Codecs;

namespace Enet.Actors.Interface;

/// <summary>How an <see cref="EthInterface"/> is set up; every bound has a default and can be changed.</summary>
public sealed record EthInterfaceSettings(string Name, MacAddress Mac)
{
    /// <summary>Largest Ethernet payload; 1500 is Ethernet's (RFC 894).</summary>
    public int Mtu { get; init; } = 1500;

    public IReadOnlyList<Ipv4Cidr> Ipv4 { get; init; } = [];

    /// <summary>Frames each subscriber may have queued before its frames are dropped.</summary>
    public int SubscriberCapacity { get; init; } = 1024;

    /// <summary>Wait for <see cref="Eth.StartLink"/> before reading the link, so the services can subscribe
    /// first and a replayed capture loses no frame to an empty bus.</summary>
    public bool DeferLinkStart { get; init; }

    /// <summary>Pass frames for other MACs to protocol subscribers too.</summary>
    public bool Promiscuous { get; init; }
}
