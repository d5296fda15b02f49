using Enet.TestKit;
using Enet.Actors;
using Enet.Actors.Hosting;
using Enet.Actors.Interface;
using Akka.Actor;
using Xunit;

namespace Enet.Tests.Actors;


public sealed class HostTests : EnetTestKit
{
    private IActorRef StartHost() => Sys.ActorOf(NetworkHost.Props(new HostSettings("h1", [])), "h1");

    [Fact]
    public void Attached_child_that_throws_is_restarted()
    {
        var host = StartHost();
        host.Tell(new NetworkHost.Attach("flaky", ActorProps.Create(() => new Flaky())), TestActor);
        var flaky = ExpectMsg<NetworkHost.Attached>().Actor;
        flaky.Tell("count", TestActor);
        ExpectMsg(1);
        flaky.Tell(new InvalidOperationException("boom"), TestActor);
        flaky.Tell("count", TestActor);
        ExpectMsg(1);
    }

    [Fact]
    public void Interface_whose_link_failed_is_stopped_not_restarted()
    {
        var host = StartHost();
        host.Tell(new NetworkHost.AttachInterface("eth0", ActorProps.Create(() => new Flaky())), TestActor);
        var eth = Watch(ExpectMsg<NetworkHost.Attached>().Actor);
        eth.Tell(new LinkFailedException("enet0", new IOException("gone")), TestActor);
        ExpectTerminated(eth);
    }

    [Fact]
    public void Attaching_a_second_child_with_the_same_name_is_refused()
    {
        var host = StartHost();
        host.Tell(new NetworkHost.Attach("x", ActorProps.Create(() => new Flaky())), TestActor);
        ExpectMsg<NetworkHost.Attached>();
        host.Tell(new NetworkHost.Attach("x", ActorProps.Create(() => new Flaky())), TestActor);
        Assert.Equal("h1 already has x", ExpectMsg<NetworkHost.AttachFailed>().Reason);
    }

    /// <summary>Counts messages; throws the exceptions it is sent.</summary>
    private sealed class Flaky : ReceiveActor
    {
        private int count;

        public Flaky()
        {
            Receive<string>(_ => Sender.Tell(++count, Self));
            Receive<Exception>(e => throw e);
        }
    }
}
