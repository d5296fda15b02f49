using Enet.TestKit;
using Enet.Actors;
using Enet.Actors.FrameBus;
using Enet.Actors.Interface;
using Enet.Codecs;
using Akka.Actor;
using Enet.Tap;
using Enet.Tests.Actors;
using Xunit;

namespace Enet.Tests.Tap;


public sealed class LinkReaderTests : EnetTestKit
{
    [Fact]
    public void Frames_from_the_link_reach_bus_subscribers_and_the_interface_counts_them()
    {
        using var wire = new InMemoryWire();
        var peer = wire.Attach("peer");
        var eth = Sys.ActorOf(LinkReader.InterfaceProps(wire.Attach("eth0"), new EthInterfaceSettings("eth0", TestFrames.HostA)), "eth0");
        eth.Tell(new Eth.Subscribe(FrameClassifier.ByEtherType(EtherType.Arp)), TestActor);
        var subscription = ExpectMsg<Eth.Subscribed>().Subscription;
        var request = TestFrames.Arp(MacAddress.Broadcast, ArpMessage.Request(TestFrames.HostB, new(10, 0, 0, 2), new(10, 0, 0, 1)));
        Assert.True(peer.TrySend(request));
        ExpectMsg<FramesReady>();
        byte[]? seen = null;
        subscription.Drain(frame => seen = frame.Span.ToArray());
        Assert.Equal(request, seen);
        eth.Tell(new Eth.Transmit(TestFrames.HostB, EtherType.Arp, new byte[28]), TestActor);
        AwaitAssert(() => Assert.Equal(1, peer.Counters.FramesReceived));
        eth.Tell(Eth.GetInfo.Instance, TestActor);
        var info = ExpectMsg<Eth.Info>();
        Assert.Equal(1, info.Statistics.RxPackets);
        Assert.Equal(1, info.Statistics.TxPackets);
    }

    [Fact]
    public void A_failed_link_fails_the_interface_for_its_supervisor_to_decide()
    {
        var link = new FailingLink();
        var parent = Sys.ActorOf(ActorProps.Create(() => new StoppingParent(LinkReader.InterfaceProps(link, new EthInterfaceSettings("eth0", TestFrames.HostA)), TestActor)), "parent");
        link.Fail(new IOException("device vanished"));
        var failure = ExpectMsg<LinkFailedException>();
        Assert.Equal("failing", failure.Link);
        AwaitAssert(() => Assert.True(link.Disposed));
    }

    /// <summary>Reports its children's failures to a probe and stops them.</summary>
    private sealed class StoppingParent : ReceiveActor
    {
        private readonly IActorRef probe;

        public StoppingParent(Props child, IActorRef probe)
        {
            this.probe = probe;
            Context.ActorOf(child, "child");
        }

        protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(e =>
        {
            probe.Tell(e, ActorRefs.NoSender);
            return Directive.Stop;
        });
    }

    private sealed class FailingLink : ILink
    {
        private readonly System.Threading.Channels.Channel<LinkFrame> frames = System.Threading.Channels.Channel.CreateUnbounded<LinkFrame>();
        private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Disposed { get; private set; }
        public string Name => "failing";
        public int Mtu => 1500;
        public System.Threading.Channels.ChannelReader<LinkFrame> Received => frames.Reader;
        public Task Completion => completion.Task;
        public LinkCounters Counters { get; } = new();

        public bool TrySend(ReadOnlySpan<byte> frame) => false;

        public void Fail(Exception error)
        {
            completion.TrySetException(error);
            frames.Writer.TryComplete(error);
        }

        public void Dispose() => Disposed = true;
    }
}
