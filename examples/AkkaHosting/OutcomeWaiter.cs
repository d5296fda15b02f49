using System.Net;
using Akka.Actor;

namespace Enet.Examples.AkkaHosting;

/// <summary>Starts an <see cref="EchoClient"/> and answers the asker with its outcome.</summary>
public sealed class OutcomeWaiter : ReceiveActor
{
    public sealed record Start(IActorRef TcpManager, EndPoint Remote, byte[] Payload);

    public OutcomeWaiter()
    {
        Receive<Start>(start =>
        {
            var asker = Sender;
            Context.ActorOf(Props.Create(() => new EchoClient(start.TcpManager, start.Remote, start.Payload, Self)));
            Become(() => Receive<string>(outcome => asker.Tell(outcome)));
        });
    }
}
