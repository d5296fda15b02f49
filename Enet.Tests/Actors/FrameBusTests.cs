using Akka.TestKit;
using Enet.Actors.FrameBus;
using Enet.Actors.Interface;
using Enet.Codecs;
using Enet.TestKit;
using Xunit;

namespace Enet.Tests.Actors;


public sealed class FrameBusTests : EnetTestKit
{
    private readonly InterfaceCounters counters = new();
    private readonly FrameDispatcher bus;

    public FrameBusTests() => bus = new FrameDispatcher("eth0", TestFrames.HostA, counters);

    private static byte[] Arp(MacAddress destination) =>
        TestFrames.Arp(destination, ArpMessage.Request(TestFrames.HostB, new Ipv4Address(10, 0, 0, 2), new Ipv4Address(10, 0, 0, 1)));

    private static List<BusFrame> DrainAll(FrameSubscription subscription)
    {
        var frames = new List<BusFrame>();
        subscription.Drain(frames.Add, int.MaxValue);
        return frames;
    }

    [Fact]
    public void EtherType_subscriber_gets_only_its_ethertype_addressed_to_the_interface()
    {
        var arp = CreateTestProbe();
        var subscription = bus.Subscribe(arp.Ref, FrameClassifier.ByEtherType(EtherType.Arp), 16);
        bus.Publish(Arp(MacAddress.Broadcast), 1, FrameDirection.Received);
        bus.Publish(Arp(TestFrames.Stranger), 2, FrameDirection.Received);
        bus.Publish(TestFrames.EchoRequest(TestFrames.HostA, TestFrames.HostB, new(10, 0, 0, 2), new(10, 0, 0, 1), 1, 1, [1]), 3, FrameDirection.Received);
        arp.ExpectMsg<FramesReady>();
        var frame = Assert.Single(DrainAll(subscription));
        Assert.Equal(1, frame.TimestampNanoseconds);
        Assert.Equal(EtherType.Arp, frame.EtherType);
        Assert.Equal(14, frame.NetworkOffset);
        Assert.Equal(3, counters.Snapshot().RxPackets);
    }

    [Fact]
    public void Observer_sees_every_frame_including_other_macs_and_sent_frames()
    {
        var dumper = CreateTestProbe();
        var subscription = bus.Subscribe(dumper.Ref, FrameClassifier.All, 16);
        bus.Publish(Arp(TestFrames.Stranger), 1, FrameDirection.Received);
        bus.Publish(Arp(MacAddress.Broadcast), 2, FrameDirection.Sent);
        bus.Publish(new byte[5], 3, FrameDirection.Received);
        dumper.ExpectMsg<FramesReady>();
        var frames = DrainAll(subscription);
        Assert.Equal([FrameDirection.Received, FrameDirection.Sent, FrameDirection.Received], frames.Select(f => f.Direction));
        Assert.NotNull(frames[2].Error);
        Assert.Equal(1, counters.Snapshot().RxErrors);
    }

    [Fact]
    public void Ip_protocol_classifier_selects_icmp_only()
    {
        var icmp = CreateTestProbe();
        var subscription = bus.Subscribe(icmp.Ref, FrameClassifier.ByIpProtocol(IpProtocol.Icmp), 16);
        bus.Publish(Arp(MacAddress.Broadcast), 1, FrameDirection.Received);
        bus.Publish(TestFrames.EchoRequest(TestFrames.HostA, TestFrames.HostB, new(10, 0, 0, 2), new(10, 0, 0, 1), 1, 1, [1]), 2, FrameDirection.Received);
        icmp.ExpectMsg<FramesReady>();
        Assert.Equal(IpProtocol.Icmp, Assert.Single(DrainAll(subscription)).IpProtocol);
    }

    [Fact]
    public void Full_subscriber_queue_drops_and_counts_without_blocking_the_publisher()
    {
        var slow = CreateTestProbe();
        var fast = CreateTestProbe();
        var slowSubscription = bus.Subscribe(slow.Ref, FrameClassifier.All, 4);
        var fastSubscription = bus.Subscribe(fast.Ref, FrameClassifier.All, 100);
        for (var i = 0; i < 10; i++)
            bus.Publish(Arp(MacAddress.Broadcast), i, FrameDirection.Received);
        Assert.Equal(6, slowSubscription.Dropped);
        Assert.Equal(0, fastSubscription.Dropped);
        slow.ExpectMsg<FramesReady>();
        Assert.Equal([0L, 1, 2, 3], DrainAll(slowSubscription).Select(f => f.TimestampNanoseconds));
        // The bus tells its subscribers on the publishing thread and probes take messages on the sender's: exact now.
        ExpectNoMsgWhenIdle(slow);
    }

    [Fact]
    public void Frame_buffer_is_given_back_once_the_last_subscriber_is_done()
    {
        var first = CreateTestProbe();
        var second = CreateTestProbe();
        var a = bus.Subscribe(first.Ref, FrameClassifier.All, 4);
        var b = bus.Subscribe(second.Ref, FrameClassifier.All, 4);
        var owner = new CountingOwner();
        bus.Publish(Arp(MacAddress.Broadcast), 1, FrameDirection.Received, owner);
        a.Drain(_ => { });
        Assert.Equal(0, owner.Disposals);
        b.Drain(_ => { });
        Assert.Equal(1, owner.Disposals);
        var unwanted = new CountingOwner();
        bus.Unsubscribe(first.Ref);
        bus.Unsubscribe(second.Ref);
        bus.Publish(Arp(MacAddress.Broadcast), 2, FrameDirection.Received, unwanted);
        Assert.Equal(1, unwanted.Disposals);
    }

    [Fact]
    public void Disabled_bus_drops_received_frames_and_counts_them()
    {
        var observer = CreateTestProbe();
        bus.Subscribe(observer.Ref, FrameClassifier.All, 4);
        bus.Enabled = false;
        bus.Publish(Arp(MacAddress.Broadcast), 1, FrameDirection.Received);
        Assert.Equal(1, counters.Snapshot().RxDrops);
        ExpectNoMsgWhenIdle(observer);
    }

    private sealed class CountingOwner : IDisposable
    {
        public int Disposals { get; private set; }

        public void Dispose() => Disposals++;
    }
}
