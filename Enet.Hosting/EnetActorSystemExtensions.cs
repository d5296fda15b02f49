using Akka.Actor;

namespace Enet;

public static class EnetActorSystemExtensions
{
    /// <summary>This system's Enet: <c>system.Enet().StartHostsAsync(hocon)</c>, then <c>system.Enet().Tcp("h1")</c>.</summary>
    public static EnetExtension Enet(this ActorSystem system) => system.WithExtension<EnetExtension, EnetExtensionProvider>();
}
