using Enet.Runtime.Actor;

namespace Enet.Actors.Hosting;

/// <summary>The actors a <see cref="HostStarter"/> started for one interface; null for a service not configured.</summary>
public sealed record InterfaceStack(InterfaceSettings Settings, IActorRef Interface, IActorRef? Arp, IActorRef? Ipv4, IActorRef? Icmp)
{
    /// <summary>The TCP layer (<see cref="Tcp.TcpLayer"/>): Tcp.Connect and Tcp.Bind go to it.</summary>
    public IActorRef? Tcp { get; init; }
}
