using Akka.Actor;

namespace Enet.Actors.Hosting;

/// <summary>A started host: its actor and the stack of each interface by name.</summary>
public sealed record RunningHost(HostSettings Settings, IActorRef Host, IReadOnlyDictionary<string, InterfaceStack> Interfaces);
