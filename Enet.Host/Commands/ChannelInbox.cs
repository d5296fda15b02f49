using System.Threading.Channels;
using Akka.Actor;
using Enet.Actors;

namespace Enet.Host.Commands;

/// <summary>An actor whose every message, with its sender, goes into a channel a command reads with await: the
/// command's side of a conversation with the stack (Akka's Inbox does not expose the sender).</summary>
internal static class ChannelInbox
{
    /// <summary>A new inbox in <paramref name="system"/>; stop the actor when done.</summary>
    public static (IActorRef Self, ChannelReader<(object Message, IActorRef Sender)> Reader) Create(ActorSystem system)
    {
        // Unbounded is bounded here by the conversation: a ping sends at most one message per request plus two.
        var channel = Channel.CreateUnbounded<(object, IActorRef)>(new UnboundedChannelOptions { SingleReader = true });
        return (system.ActorOf(ActorProps.Create(() => new Writer(channel.Writer))), channel.Reader);
    }

    private sealed class Writer : ReceiveActor
    {
        public Writer(ChannelWriter<(object Message, IActorRef Sender)> writer) =>
            ReceiveAny(message => writer.TryWrite((message, Sender)));
    }
}
