using Akka.TestKit;
using Enet.Actors.FrameBus;
using Enet.Actors.Interface;
using Enet.Codecs;
using Akka.Actor;
using Enet.TestKit;
using Xunit;

namespace Enet.Tests.Actors;


public sealed class EthInterfaceTests : EnetTestKit
{
    private readonly TestFrames.RecordingLink link = new();

    private IActorRef Start(int mtu = 1500) =>
        Sys.ActorOf(EthInterface.Props(new EthInterfaceSettings("eth0", TestFrames.HostA) { Mtu = mtu }, link), "eth0");

    [Fact]
    public void Transmit_fills_in_the_source_mac_pads_to_the_minimum_and_counts()
    {
        var eth = Start();
        eth.Tell(new Eth.Transmit(TestFrames.HostB, EtherType.Arp, new byte[] { 1, 2, 3 }), TestActor);
        eth.Tell(Eth.GetInfo.Instance, TestActor);
        var info = ExpectMsg<Eth.Info>();
        var frame = Assert.Single(link.Sent);
        Assert.Equal(EthOutput.MinimumFrameLength, frame.Length);
        Assert.Equal(TestFrames.HostB, MacAddress.Read(frame));
        Assert.Equal(TestFrames.HostA, MacAddress.Read(frame.AsSpan(6)));
        Assert.Equal(new byte[] { 1, 2, 3, 0 }, frame[14..18]);
        Assert.Equal(1, info.Statistics.TxPackets);
        Assert.Equal(60, info.Statistics.TxBytes);
    }

    [Fact]
    public void A_payload_with_headroom_and_room_for_padding_is_framed_in_place_with_zero_padding()
    {
        var eth = Start();
        var buffer = new byte[60];
        buffer.AsSpan(14).Fill(0xEE);
        buffer[14] = 1;
        buffer[15] = 2;
        eth.Tell(new Eth.Transmit(TestFrames.HostB, EtherType.Ipv4, new Bytes(buffer.AsMemory(14, 2))) { Headroom = 14 }, TestActor);
        eth.Tell(Eth.GetInfo.Instance, TestActor);
        ExpectMsg<Eth.Info>();
        var frame = Assert.Single(link.Sent);
        Assert.Equal(EthOutput.MinimumFrameLength, frame.Length);
        Assert.Equal(new byte[] { 1, 2, 0, 0 }, frame[14..18]);
        // The header went into the sender's headroom, the padding after the payload: nothing was copied first.
        Assert.Equal(frame, buffer);
    }

    [Fact]
    public void Payload_over_the_mtu_is_refused_and_counted_as_an_error()
    {
        var eth = Start(mtu: 100);
        eth.Tell(new Eth.Transmit(TestFrames.HostB, EtherType.Ipv4, new byte[101]), TestActor);
        eth.Tell(Eth.GetInfo.Instance, TestActor);
        Assert.Equal(1, ExpectMsg<Eth.Info>().Statistics.TxErrors);
        Assert.Empty(link.Sent);
    }

    [Fact]
    public void Observers_see_sent_frames_on_the_bus()
    {
        var eth = Start();
        eth.Tell(new Eth.Subscribe(FrameClassifier.All), TestActor);
        var subscription = ExpectMsg<Eth.Subscribed>().Subscription;
        eth.Tell(new Eth.Transmit(MacAddress.Broadcast, EtherType.Arp, new byte[28]), TestActor);
        ExpectMsg<FramesReady>();
        subscription.Drain(frame =>
        {
            Assert.Equal(FrameDirection.Sent, frame.Direction);
            Assert.Equal(TestFrames.HostA, frame.Source);
        });
        Assert.Equal(1, subscription.Delivered);
    }

    [Fact]
    public void Interface_down_drops_sent_frames_and_up_sends_again()
    {
        var eth = Start();
        eth.Tell(new Eth.SetAdminState(false), TestActor);
        eth.Tell(new Eth.Transmit(TestFrames.HostB, EtherType.Arp, new byte[28]), TestActor);
        eth.Tell(Eth.GetInfo.Instance, TestActor);
        var down = ExpectMsg<Eth.Info>();
        Assert.False(down.IsUp);
        Assert.Equal(1, down.Statistics.TxDrops);
        eth.Tell(new Eth.SetAdminState(true), TestActor);
        eth.Tell(new Eth.Transmit(TestFrames.HostB, EtherType.Arp, new byte[28]), TestActor);
        eth.Tell(Eth.GetInfo.Instance, TestActor);
        Assert.True(ExpectMsg<Eth.Info>().IsUp);
        Assert.Single(link.Sent);
    }

    [Fact]
    public void Subscriber_that_stops_is_unsubscribed()
    {
        var eth = Start();
        var probe = CreateTestProbe();
        probe.Send(eth, new Eth.Subscribe(FrameClassifier.All));
        probe.ExpectMsg<Eth.Subscribed>();
        Sys.Stop(probe.Ref);
        AwaitAssert(() =>
        {
            eth.Tell(Eth.GetInfo.Instance, TestActor);
            Assert.Empty(ExpectMsg<Eth.Info>().Subscriptions);
        });
    }
}
