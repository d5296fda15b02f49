namespace Enet.Runtime.Actor;

/// <summary>
/// Tell without naming the sender: inside an actor the sender is <c>Self</c>, elsewhere
/// <see cref="ActorRefs.NoSender"/>, as in Akka.
/// </summary>
public static class ActorRefImplicitSenderExtensions
{
    public static void Tell(this IActorRef receiver, object message) =>
        receiver.Tell(message, ActorCell.Current?.Self ?? ActorRefs.NoSender);

    /// <summary>Passes a message on keeping the original sender (only meaningful inside an actor).</summary>
    public static void Forward(this IActorRef receiver, object message) =>
        receiver.Tell(message, ActorCell.Current?.Sender ?? ActorRefs.NoSender);
}
