namespace Enet.Runtime.Actor;

/// <summary>Well-known references that stand for "no actor".</summary>
public static class ActorRefs
{
    private static readonly ActorPath AllSystems = ActorPath.Root("all-systems");

    /// <summary>The sender of a message told from outside any actor; a reply to it goes to dead letters.</summary>
    public static IActorRef NoSender { get; } = new NobodyRef(AllSystems / "NoSender");

    /// <summary>What lookups return when nothing matches.</summary>
    public static IActorRef Nobody { get; } = new NobodyRef(AllSystems / "Nobody");
}
