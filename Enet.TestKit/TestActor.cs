using System.Collections.Concurrent;
using Enet.Runtime.Actor;

namespace Enet.TestKit;

/// <summary>Queues everything it receives for the test thread; also watches actors on the test's behalf.</summary>
internal sealed class TestActor : ReceiveActor
{
    public TestActor(BlockingCollection<ReceivedMessage> queue)
    {
        Receive<WatchRequest>(request =>
        {
            if (request.Watch)
            {
                Context.Watch(request.Subject);
            }
            else
            {
                Context.Unwatch(request.Subject);
            }

            Sender.Tell(request, Self);
        });
        ReceiveAny(message => queue.Add(new ReceivedMessage(message, Sender)));
    }

    public sealed record WatchRequest(IActorRef Subject, bool Watch);
}
