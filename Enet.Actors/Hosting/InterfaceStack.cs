using Enet.Runtime.Actor;

namespace Enet.Actors.Hosting;

/// <summary>The actors a <see cref="HostStarter"/> started for one interface; null for a service not configured.</summary>
public sealed record InterfaceStack(InterfaceSettings Settings, IActorRef Interface, IActorRef? Arp, IActorRef? Ipv4, IActorRef? Icmp)
{
    /// <summary>The UDP layer (<see cref="Udp.UdpLayer"/>): Udp.Open on it gives a socket.</summary>
    public IActorRef? Udp { get; init; }
}
