using Akka.Actor;

namespace Enet.Actors.Hosting;

/// <summary>The actors a <see cref="HostStarter"/> started for one interface; null for a service not configured.</summary>
public sealed record InterfaceStack(InterfaceSettings Settings, IActorRef Interface, IActorRef? Arp, IActorRef? Ipv4, IActorRef? Icmp)
{
    /// <summary>The IPv6 layer, when the interface has IPv6 addresses.</summary>
    public IActorRef? Ipv6 { get; init; }

    /// <summary>The ICMPv6 echo responder (service icmp on an IPv6 interface).</summary>
    public IActorRef? Icmpv6 { get; init; }

    /// <summary>The UDP layer (<see cref="Udp.UdpLayer"/>): Udp.Open on it gives a socket.</summary>
    public IActorRef? Udp { get; init; }

    /// <summary>The TCP layer (<see cref="Tcp.TcpLayer"/>): Tcp.Connect and Tcp.Bind go to it.</summary>
    public IActorRef? Tcp { get; init; }
}
