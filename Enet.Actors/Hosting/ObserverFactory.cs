using Akka.Actor;

namespace Enet.Actors.Hosting;

/// <summary>Makes the props of an observer service (dump, crtest...) for one interface of a host.</summary>
public delegate Props ObserverFactory(HostSettings host, InterfaceStack stack);
