using Enet.Actors.Hosting;
using Enet.Actors.FrameBus;
using Enet.Actors.Icmp;
using Enet.Actors.Interface;
using Enet.Actors.Ip;
using Enet.Codecs;
using Akka.Actor;
using Enet.Tap;
using Enet.TestKit;
using Xunit;

namespace Enet.Tests.Actors;


/// <summary>ICMP echo between Enet hosts, and against hand-made frames, over in-memory wires.</summary>
public sealed class IcmpTests : NetworkTestKit
{
    private static readonly Ipv4Address AddressA = new(192, 0, 2, 1);
    private static readonly Ipv4Address AddressB = new(192, 0, 2, 2);
    private static readonly Ipv4Address Prober = new(192, 0, 2, 99);

    private RunningHost Host(string name, MacAddress mac, Ipv4Address address, FaultProfile? faults = null) =>
        Network.AddHostAsync(name, mac, $"{address}/24", sendFaults: faults).GetAwaiter().GetResult();

    private static IActorRef Icmp(RunningHost host) => host.Interfaces.Values.Single().Icmp!;

    [Fact]
    public void Ping_between_two_enet_hosts_over_the_wire_gets_every_reply()
    {
        var a = Host("a", TestFrames.HostA, AddressA);
        Host("b", TestFrames.HostB, AddressB);
        Icmp(a).Tell(new Icmp.Ping(AddressB, Count: 3, Interval: TimeSpan.FromMilliseconds(20)), TestActor);
        var result = ExpectMsg<Icmp.PingResult>(TimeSpan.FromSeconds(10));
        Assert.Equal(3, result.Transmitted);
        Assert.Equal([(ushort)1, 2, 3], result.Replies.Select(r => r.Sequence));
        Assert.All(result.Replies, r => Assert.Equal(64, r.Ttl));
        Assert.StartsWith("192.0.2.2: 3 packets transmitted, 3 received, rtt min/avg/max = ", result.ToString());
    }

    [Fact]
    public void Ping_over_a_wire_that_loses_every_reply_reports_none_received()
    {
        var a = Host("a", TestFrames.HostA, AddressA);
        Host("b", TestFrames.HostB, AddressB, new FaultProfile { Loss = 1.0 });
        Icmp(a).Tell(new Icmp.Ping(AddressB, Count: 2, Interval: TimeSpan.FromMilliseconds(10), Timeout: TimeSpan.FromMilliseconds(200)), TestActor);
        var result = ExpectMsg<Icmp.PingResult>(TimeSpan.FromSeconds(10));
        Assert.Equal(2, result.Transmitted);
        Assert.Empty(result.Replies);
    }

    [Fact]
    public void Echo_reply_carries_the_request_data_unmodified_from_the_address_asked()
    {
        Host("b", TestFrames.HostB, AddressB);
        using var prober = Network.Plug("prober");
        var data = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();
        Assert.True(prober.TrySend(TestFrames.EchoRequest(TestFrames.HostB, TestFrames.Stranger, Prober, AddressB, 0x1234, 7, data)));
        var reply = NextIpv4(prober);
        Assert.True(Ipv4Packet.TryParse(reply, out var ip, out _));
        Assert.Equal((AddressB, Prober, ChecksumStatus.Good), (ip.Source, ip.Destination, ip.VerifyChecksum()));
        Assert.True(Icmpv4Packet.TryParse(ip.Payload, out var icmp, out _));
        Assert.Equal((Icmpv4Type.EchoReply, (ushort)0x1234, (ushort)7, ChecksumStatus.Good),
            (icmp.Type, icmp.Identifier, icmp.SequenceNumber, icmp.VerifyChecksum()));
        Assert.Equal(data, icmp.Data.ToArray());
    }

    [Fact]
    public void Echo_request_with_a_bad_checksum_or_for_another_address_is_not_answered()
    {
        var b = Host("b", TestFrames.HostB, AddressB);
        using var prober = Network.Plug("prober");
        var corrupt = TestFrames.EchoRequest(TestFrames.HostB, TestFrames.Stranger, Prober, AddressB, 1, 1, [1, 2, 3]);
        corrupt[^1] ^= 0xFF;
        prober.TrySend(corrupt);
        prober.TrySend(TestFrames.EchoRequest(TestFrames.HostB, TestFrames.Stranger, Prober, new(192, 0, 2, 3), 1, 2, [1]));
        var ipv4 = b.Interfaces.Values.Single().Ipv4!;
        AwaitAssert(() =>
        {
            ipv4.Tell(Ipv4.GetStatistics.Instance, TestActor);
            var statistics = ExpectMsg<Ipv4.Statistics>();
            Assert.Equal((1, 1), (statistics.InDelivers, statistics.InAddrErrors));
        });
        AwaitIdle();
        Assert.DoesNotContain(Frames(prober), f => f[12] == 0x08 && f[13] == 0x00);
    }

    [Fact]
    public void Ping_of_an_address_nobody_has_reports_nothing_received()
    {
        var a = Host("a", TestFrames.HostA, AddressA);
        Icmp(a).Tell(new Icmp.Ping(new(192, 0, 2, 77), Count: 1, Timeout: TimeSpan.FromMilliseconds(100)), TestActor);
        var result = ExpectMsg<Icmp.PingResult>(TimeSpan.FromSeconds(10));
        Assert.Equal((1, 0), (result.Transmitted, result.Received));
    }

    [Fact]
    public void Interface_restarted_after_a_failure_keeps_its_link_counters_and_subscribers()
    {
        var a = Host("a", TestFrames.HostA, AddressA);
        Host("b", TestFrames.HostB, AddressB);
        var eth = a.Interfaces.Values.Single().Interface;
        Icmp(a).Tell(new Icmp.Ping(AddressB, Count: 1), TestActor);
        Assert.Equal(1, ExpectMsg<Icmp.PingResult>(TimeSpan.FromSeconds(10)).Received);
        // A subscription with no room is a programming error: the interface fails and the host restarts it.
        EventFilter.Error(contains: "capacity").ExpectOne(() => eth.Tell(new Eth.Subscribe(FrameClassifier.All, Capacity: 0), TestActor));
        Icmp(a).Tell(new Icmp.Ping(AddressB, Count: 1), TestActor);
        Assert.Equal(1, ExpectMsg<Icmp.PingResult>(TimeSpan.FromSeconds(10)).Received);
        eth.Tell(Eth.GetInfo.Instance, TestActor);
        var info = ExpectMsg<Eth.Info>();
        Assert.Equal(2, info.Subscriptions.Count);
        Assert.True(info.Statistics.TxPackets >= 2);
    }

    /// <summary>The next IPv4 packet the stack sends to the prober, answering its ARP requests on the way.</summary>
    private static byte[] NextIpv4(ILink prober)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (true)
        {
            byte[] bytes;
            using (var frame = prober.Received.ReadAsync(timeout.Token).AsTask().GetAwaiter().GetResult())
                bytes = frame.Span.ToArray();
            Assert.True(EthernetFrame.TryParse(bytes, out var ethernet, out _));
            if (ethernet.EtherType == EtherType.Ipv4)
                return ethernet.Payload.ToArray();
            if (ArpMessage.TryDecode(ethernet.Payload, out var arp, out _) && arp.Operation == ArpOperation.Request && arp.TargetProtocolAddress == Prober)
                prober.TrySend(TestFrames.Arp(arp.SenderHardwareAddress,
                    ArpMessage.Reply(TestFrames.Stranger, Prober, arp.SenderHardwareAddress, arp.SenderProtocolAddress)));
        }
    }

    private static List<byte[]> Frames(ILink link)
    {
        var frames = new List<byte[]>();
        while (link.Received.TryRead(out var frame))
            using (frame)
                frames.Add(frame.Span.ToArray());
        return frames;
    }

}
