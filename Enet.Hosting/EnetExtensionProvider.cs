using Akka.Actor;

namespace Enet;

/// <summary>Registers <see cref="EnetExtension"/> the Akka way: one per actor system, made on first use.</summary>
public sealed class EnetExtensionProvider : ExtensionIdProvider<EnetExtension>
{
    public override EnetExtension CreateExtension(ExtendedActorSystem system) => new(system);
}
