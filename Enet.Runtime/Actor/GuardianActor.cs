namespace Enet.Runtime.Actor;

/// <summary>The root and /user guardians: they own the tree and handle nothing themselves.</summary>
internal sealed class GuardianActor : ActorBase
{
    protected override bool Receive(object message) => false;
}
