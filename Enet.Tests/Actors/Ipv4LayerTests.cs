using Enet.Actors.Hosting;
using Enet.Actors.Icmp;
using Enet.Actors.Ip;
using Enet.Codecs;
using Akka.Actor;
using Enet.TestKit;
using Xunit;

namespace Enet.Tests.Actors;


/// <summary>
/// The IPv4 layer in a running host on in-memory wires, on virtual time: routing across interfaces,
/// fragmentation on send, reassembly and its timeout, and the ICMP errors with their rules and rate limit.
/// </summary>
public sealed class Ipv4LayerTests : NetworkTestKit
{
    /// <summary>RFC 3692 experimentation protocol number, so no real protocol handler interferes.</summary>
    private const IpProtocol Experimental = (IpProtocol)253;

    private static readonly Ipv4Address Us = new(192, 0, 2, 2);
    private static readonly Ipv4Address UsOnLan2 = new(198, 51, 100, 1);
    private static readonly Ipv4Address Probe = new(192, 0, 2, 99);
    private static readonly Ipv4Address Probe2 = new(198, 51, 100, 99);
    private static readonly MacAddress UsMac = TestFrames.HostB;
    private static readonly MacAddress UsMac2 = MacAddress.Parse("02:00:00:00:01:0b");

    public Ipv4LayerTests() : base(useVirtualTime: true)
    {
    }

    /// <summary>Host "b" at 192.0.2.2/24 on wire "lan" and, with <paramref name="twoInterfaces"/>, at
    /// 198.51.100.1/24 on wire "lan2".</summary>
    private RunningHost Host(bool twoInterfaces = false, Func<HostSettings, HostSettings>? configure = null) =>
        Network.AddHostAsync("b", UsMac, $"{Us}/24", configure: s =>
        {
            if (twoInterfaces)
                s = s with
                {
                    Interfaces = [.. s.Interfaces, new InterfaceSettings("b-eth1", "wire", UsMac2) { Device = "lan2", Ipv4 = [Ipv4Cidr.Parse($"{UsOnLan2}/24")] }],
                };
            return configure?.Invoke(s) ?? s;
        }).GetAwaiter().GetResult();

    private static IActorRef Ipv4Of(RunningHost host, string iface = "b-eth0") => host.Interfaces[iface].Ipv4!;

    private WireProbe Plug(string wire = "lan", params Ipv4Address[] addresses) =>
        new(Network.Plug($"probe-{wire}", wire), TestFrames.Stranger, addresses.Length > 0 ? addresses : [Probe]);

    private Ipv4.Statistics Statistics(IActorRef ipv4)
    {
        ipv4.Tell(Ipv4.GetStatistics.Instance, TestActor);
        return ExpectMsg<Ipv4.Statistics>();
    }

    private void Register(IActorRef ipv4, IpProtocol protocol)
    {
        ipv4.Tell(new Ipv4.Register(protocol), TestActor);
        ExpectMsg<Ipv4.Registered>();
    }

    private static byte[] Data(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 31 + 7))];

    private static Ipv4Header FromProbe(IpProtocol protocol = Experimental, ushort id = 0x77, Ipv4Address? to = null) =>
        Ipv4Header.Create(Probe, to ?? Us, protocol, identification: id);

    /// <summary>Fragment <paramref name="data"/>[start, start + length) of datagram <paramref name="id"/>, as the probe sends it.</summary>
    private static (Ipv4Header Header, byte[] Data) Piece(byte[] data, int start, int length, bool more, ushort id = 0x77) =>
        (FromProbe(id: id) with { FragmentOffset = (ushort)(start / 8), MoreFragments = more }, data[start..(start + length)]);

    private static Icmpv4Packet Icmp(byte[] packet, out Ipv4Packet ip)
    {
        Assert.True(Ipv4Packet.TryParse(packet, out ip, out _));
        Assert.Equal(IpProtocol.Icmp, ip.Protocol);
        Assert.True(Icmpv4Packet.TryParse(ip.Payload, out var icmp, out _));
        Assert.Equal(ChecksumStatus.Good, icmp.VerifyChecksum());
        return icmp;
    }

    [Fact]
    public void A_datagram_larger_than_the_mtu_leaves_in_fragments_of_one_identification()
    {
        var ipv4 = Ipv4Of(Host());
        using var probe = Plug();
        var data = Data(4000);
        ipv4.Tell(new Ipv4.Send(Ipv4Address.Any, Probe, Experimental, data), TestActor);
        var fragments = probe.Drain(AwaitIdle);
        Assert.Equal(3, fragments.Count);
        var reassembler = new Ipv4Reassembler(TimeSpan.FromSeconds(60));
        var ids = new HashSet<ushort>();
        ReadOnlyMemory<byte> whole = default;
        var status = Ipv4ReassemblyStatus.Incomplete;
        foreach (var fragment in fragments)
        {
            Assert.True(Ipv4Packet.TryParse(fragment, out var packet, out _));
            Assert.True(fragment.Length <= 1500);
            Assert.Equal((Us, ChecksumStatus.Good), (packet.Source, packet.VerifyChecksum()));
            ids.Add(packet.Identification);
            status = reassembler.Add(packet, DateTimeOffset.UnixEpoch, out whole);
        }
        Assert.Single(ids);
        Assert.Equal(Ipv4ReassemblyStatus.Complete, status);
        Assert.True(Ipv4Packet.TryParse(whole.Span, out var datagram, out _));
        Assert.Equal(data, datagram.Payload.ToArray());
        var statistics = Statistics(ipv4);
        Assert.Equal((1, 1, 3, 3), (statistics.OutFragReqds, statistics.OutFragOKs, statistics.OutFragCreates, statistics.OutTransmits));
    }

    [Fact]
    public void A_payload_handed_over_with_headroom_gets_its_header_written_in_front_and_is_not_copied()
    {
        var ipv4 = Ipv4Of(Host());
        using var probe = Plug();
        var buffer = new byte[34 + 100];
        Data(100).CopyTo(buffer, 34);
        ipv4.Tell(new Ipv4.Send(Ipv4Address.Any, Probe, Experimental, new Bytes(buffer.AsMemory(34))) { Headroom = 34 }, TestActor);
        var sent = probe.NextIpv4();
        Assert.True(Ipv4Packet.TryParse(sent, out var packet, out _));
        Assert.Equal((Us, Probe, ChecksumStatus.Good), (packet.Source, packet.Destination, packet.VerifyChecksum()));
        Assert.Equal(Data(100), packet.Payload.ToArray());
        // Both headers were written into the sender's headroom: the IPv4 one before the payload, Ethernet's before it.
        Assert.Equal(sent[..20], buffer[14..34]);
    }

    [Fact]
    public void A_datagram_with_dont_fragment_too_big_for_the_route_tells_the_sender_the_mtu()
    {
        var ipv4 = Ipv4Of(Host());
        using var probe = Plug();
        var send = new Ipv4.Send(Ipv4Address.Any, Probe, Experimental, Data(1481), DontFragment: true);
        ipv4.Tell(send, TestActor);
        Assert.Equal(new Ipv4.FragmentationNeeded(send, 1500), ExpectMsg<Ipv4.FragmentationNeeded>());
        // One byte less fits, and goes out whole with DF set.
        ipv4.Tell(send with { Payload = Data(1480) }, TestActor);
        var packet = probe.NextIpv4();
        Assert.True(Ipv4Packet.TryParse(packet, out var ip, out _));
        Assert.Equal((1500, true, false), ((int)ip.TotalLength, ip.DontFragment, ip.IsFragment));
        Assert.Empty(probe.Drain(AwaitIdle));
        Assert.Equal(1, Statistics(ipv4).OutFragFails);
    }

    [Fact]
    public void A_datagram_with_dont_fragment_from_a_source_not_ours_gets_fragmentation_needed_back_over_icmp()
    {
        var ipv4 = Ipv4Of(Host());
        using var probe = Plug();
        var send = new Ipv4.Send(Probe, new(192, 0, 2, 50), IpProtocol.Udp, Data(2000), DontFragment: true);
        ipv4.Tell(send, ActorRefs.NoSender);
        var icmp = Icmp(probe.NextIpv4(), out var ip);
        // RFC 1191 4: type 3 code 4 with the next-hop MTU in the low 16 bits of the second word.
        Assert.Equal((Icmpv4Type.DestinationUnreachable, (byte)4, (ushort)1500, Us, Probe),
            (icmp.Type, icmp.Code, icmp.NextHopMtu, ip.Source, ip.Destination));
        Assert.True(Ipv4Packet.TryParse(icmp.Data, out var quoted, out _));
        Assert.Equal((Probe, new Ipv4Address(192, 0, 2, 50), true, 2020), (quoted.Source, quoted.Destination, quoted.DontFragment, (int)quoted.TotalLength));
        Assert.Empty(probe.Drain(AwaitIdle));
    }

    [Fact]
    public void A_route_mtu_below_the_interface_mtu_fragments_to_the_route()
    {
        var ipv4 = Ipv4Of(Host(configure: s => s with
        {
            Routes = [new Ipv4StaticRoute(Ipv4Cidr.Parse("203.0.113.0/24"), Probe) { Mtu = 576 }],
        }));
        using var probe = Plug();
        ipv4.Tell(new Ipv4.Send(Ipv4Address.Any, new(203, 0, 113, 5), Experimental, Data(1000)), TestActor);
        var fragments = probe.Drain(AwaitIdle);
        Assert.Equal([20 + 552, 20 + 1000 - 552], fragments.Select(f => f.Length));
    }

    [Fact]
    public void Fragments_out_of_order_with_a_duplicate_are_delivered_once_whole()
    {
        var ipv4 = Ipv4Of(Host());
        Register(ipv4, Experimental);
        using var probe = Plug();
        var data = Data(3000);
        foreach (var (header, piece) in new[] { Piece(data, 2960, 40, false), Piece(data, 0, 1480, true), Piece(data, 0, 1480, true), Piece(data, 1480, 1480, true) })
            probe.Send(UsMac, header, piece);
        var datagram = ExpectMsg<Ipv4.Datagram>();
        Assert.Equal(data, datagram.Payload.Span.ToArray());
        Assert.Equal((Probe, Us, false, (ushort?)3020, false), (datagram.Header.Source, datagram.Header.Destination,
            datagram.Header.MoreFragments, datagram.Header.TotalLength, datagram.ToBroadcast));
        ExpectNoMsgWhenIdle();
        var statistics = Statistics(ipv4);
        Assert.Equal((4, 1, 0, 1), (statistics.ReasmReqds, statistics.ReasmOKs, statistics.ReasmFails, statistics.InDelivers));
    }

    [Fact]
    public void Overlapping_fragments_deliver_nothing_and_count_one_failure()
    {
        var ipv4 = Ipv4Of(Host());
        Register(ipv4, Experimental);
        using var probe = Plug();
        var data = Data(3000);
        foreach (var (header, piece) in new[] { Piece(data, 0, 1480, true), Piece(data, 1472, 1480, true), Piece(data, 1480, 1480, true), Piece(data, 2960, 40, false) })
            probe.Send(UsMac, header, piece);
        AwaitAssert(() => Assert.Equal(4, Statistics(ipv4).ReasmReqds));
        ExpectNoMsgWhenIdle();
        var statistics = Statistics(ipv4);
        Assert.Equal((0, 1), (statistics.ReasmOKs, statistics.ReasmFails));
    }

    [Fact]
    public void Reassembly_timeout_with_the_first_fragment_sends_time_exceeded_code_1_and_without_it_nothing()
    {
        var ipv4 = Ipv4Of(Host(configure: s => s with { Ipv4 = s.Ipv4 with { ReassemblyTimeout = TimeSpan.FromSeconds(30) } }));
        using var probe = Plug();
        var data = Data(3000);
        var (firstHeader, first) = Piece(data, 0, 1480, true, id: 1);
        probe.Send(UsMac, firstHeader, first);
        var (otherHeader, other) = Piece(data, 1480, 1480, true, id: 2);
        probe.Send(UsMac, otherHeader, other);
        AwaitAssert(() => Assert.Equal(2, Statistics(ipv4).ReasmReqds));
        Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(probe.Drain(AwaitIdle));
        Advance(TimeSpan.FromSeconds(1));
        var icmp = Icmp(probe.NextIpv4(), out var ip);
        Assert.Equal((Icmpv4Type.TimeExceeded, (byte)1, Us, Probe), (icmp.Type, icmp.Code, ip.Source, ip.Destination));
        // The quote is the first fragment's header and its first 8 bytes of data (RFC 792).
        Assert.True(Ipv4Packet.TryParse(icmp.Data, out var quoted, out _));
        Assert.Equal(((ushort)1, true, 0), (quoted.Identification, quoted.MoreFragments, quoted.FragmentOffset));
        Assert.Equal(data[..8], icmp.Data[20..].ToArray());
        Assert.Empty(probe.Drain(AwaitIdle));
        var statistics = Statistics(ipv4);
        Assert.Equal((2, 1), (statistics.ReasmFails, statistics.IcmpErrorsSent));
    }

    [Fact]
    public void A_datagram_for_a_protocol_nobody_registered_gets_protocol_unreachable_unless_broadcast()
    {
        var ipv4 = Ipv4Of(Host());
        using var probe = Plug();
        var payload = Data(32);
        probe.Send(UsMac, FromProbe(), payload);
        var icmp = Icmp(probe.NextIpv4(), out var ip);
        Assert.Equal((Icmpv4Type.DestinationUnreachable, (byte)2, Us), (icmp.Type, icmp.Code, ip.Source));
        Assert.True(Ipv4Packet.TryParse(icmp.Data, out var quoted, out _));
        Assert.Equal((Probe, Us, Experimental), (quoted.Source, quoted.Destination, quoted.Protocol));
        Assert.Equal(payload[..8], icmp.Data[20..].ToArray());
        probe.Send(UsMac, FromProbe(to: new(192, 0, 2, 255)), payload);
        probe.Send(MacAddress.Broadcast, FromProbe(), payload);
        Assert.Empty(probe.Drain(AwaitIdle));
        Assert.Equal(3, Statistics(ipv4).InUnknownProtos);
    }

    [Fact]
    public void Icmp_errors_beyond_the_burst_wait_for_the_bucket_to_refill()
    {
        var ipv4 = Ipv4Of(Host(configure: s => s with { Ipv4 = s.Ipv4 with { IcmpErrorBurst = 3, IcmpErrorRate = 1 } }));
        using var probe = Plug();
        for (ushort id = 1; id <= 5; id++)
            probe.Send(UsMac, FromProbe(id: id), Data(8));
        Assert.Equal(3, probe.Drain(AwaitIdle).Count);
        Assert.Equal((3, 2), (Statistics(ipv4).IcmpErrorsSent, Statistics(ipv4).IcmpErrorsRateLimited));
        Advance(TimeSpan.FromSeconds(1));
        probe.Send(UsMac, FromProbe(id: 6), Data(8));
        probe.Send(UsMac, FromProbe(id: 7), Data(8));
        Assert.Single(probe.Drain(AwaitIdle));
    }

    /// <summary>An ICMP destination unreachable about <paramref name="offending"/>, as the UDP layer builds one.</summary>
    private static byte[] Unreachable(byte code, Ipv4Header offending, byte[] offendingPayload)
    {
        var quote = new byte[offending.Length + offendingPayload.Length];
        offending.Emit(quote, offendingPayload.Length);
        offendingPayload.CopyTo(quote, offending.Length);
        var message = Icmpv4Message.DestinationUnreachable(code, quote);
        var bytes = new byte[message.Length];
        message.Emit(bytes);
        return bytes;
    }

    private static byte[] IcmpBytes(Icmpv4Message message)
    {
        var bytes = new byte[message.Length];
        message.Emit(bytes);
        return bytes;
    }

    [Fact]
    public void Icmp_errors_other_actors_send_obey_the_never_about_rules_and_the_same_bucket()
    {
        var ipv4 = Ipv4Of(Host(configure: s => s with { Ipv4 = s.Ipv4 with { IcmpErrorBurst = 2, IcmpErrorRate = 0 } }));
        using var probe = Plug();
        var udp = Ipv4Header.Create(Probe, Us, IpProtocol.Udp);
        var eight = Data(8);
        var anotherError = Ipv4Header.Create(Probe, Us, IpProtocol.Icmp);
        var echo = IcmpBytes(Icmpv4Message.EchoRequest(1, 1, Data(4)));
        var error = IcmpBytes(Icmpv4Message.TimeExceeded(0, Data(28)));
        var suppressed = new[]
        {
            // About an ICMP error (RFC 1122 3.2.2).
            (Probe, Unreachable(3, anotherError, error[..8])),
            // About a datagram to a broadcast or a multicast address.
            (Probe, Unreachable(3, udp with { Destination = new(192, 0, 2, 255) }, eight)),
            (Probe, Unreachable(3, udp with { Destination = new(224, 0, 0, 251) }, eight)),
            // About a fragment other than the first.
            (Probe, Unreachable(3, udp with { FragmentOffset = 185 }, eight)),
            // About a datagram whose source is not one host, or to a destination that is not.
            (Probe, Unreachable(3, udp with { Source = new(224, 0, 0, 1) }, eight)),
            (new Ipv4Address(192, 0, 2, 255), Unreachable(3, udp, eight)),
        };
        foreach (var (to, bytes) in suppressed)
            ipv4.Tell(new Ipv4.Send(Ipv4Address.Any, to, IpProtocol.Icmp, bytes), TestActor);
        Assert.Empty(probe.Drain(AwaitIdle));
        Assert.Equal(6, Statistics(ipv4).IcmpErrorsSuppressed);
        // Port unreachable about UDP and an error about an echo request pass; the third error finds the bucket empty.
        ipv4.Tell(new Ipv4.Send(Ipv4Address.Any, Probe, IpProtocol.Icmp, Unreachable(3, udp, eight)), TestActor);
        ipv4.Tell(new Ipv4.Send(Ipv4Address.Any, Probe, IpProtocol.Icmp, Unreachable(1, anotherError, echo[..8])), TestActor);
        ipv4.Tell(new Ipv4.Send(Ipv4Address.Any, Probe, IpProtocol.Icmp, Unreachable(3, udp, eight)), TestActor);
        // Echo replies are no errors: the bucket does not hold them back.
        ipv4.Tell(new Ipv4.Send(Ipv4Address.Any, Probe, IpProtocol.Icmp, IcmpBytes(Icmpv4Message.EchoReply(1, 1, Data(4)))), TestActor);
        var sent = probe.Drain(AwaitIdle).Select(p => Icmp(p, out _).Type).ToList();
        Assert.Equal([Icmpv4Type.DestinationUnreachable, Icmpv4Type.DestinationUnreachable, Icmpv4Type.EchoReply], sent);
        var statistics = Statistics(ipv4);
        Assert.Equal((2, 1), (statistics.IcmpErrorsSent, statistics.IcmpErrorsRateLimited));
    }

    [Fact]
    public void A_send_to_the_subnet_of_another_interface_leaves_through_that_interface_from_its_address()
    {
        var host = Host(twoInterfaces: true);
        using var lan = Plug();
        using var lan2 = Plug("lan2", Probe2);
        Ipv4Of(host).Tell(new Ipv4.Send(Ipv4Address.Any, Probe2, Experimental, Data(100)), TestActor);
        var packet = lan2.NextIpv4();
        Assert.True(Ipv4Packet.TryParse(packet, out var ip, out _));
        Assert.Equal((UsOnLan2, Probe2), (ip.Source, ip.Destination));
        Assert.Equal([Probe2], lan2.ArpRequests);
        Assert.Empty(lan.Drain(AwaitIdle));
        Assert.Equal((1, 0), (Statistics(Ipv4Of(host)).OutRequests, Statistics(Ipv4Of(host)).OutTransmits));
        Assert.Equal(1, Statistics(Ipv4Of(host, "b-eth1")).OutTransmits);
    }

    [Fact]
    public void Static_routes_and_the_gateway_hand_datagrams_to_their_next_hop_on_its_link()
    {
        var router2 = new Ipv4Address(198, 51, 100, 254);
        var host = Host(twoInterfaces: true, configure: s => s with
        {
            Gateway = Probe,
            Routes = [new Ipv4StaticRoute(Ipv4Cidr.Parse("203.0.113.0/24"), router2)],
        });
        using var lan = Plug();
        using var lan2 = Plug("lan2", router2);
        var ipv4 = Ipv4Of(host);
        ipv4.Tell(new Ipv4.Send(Ipv4Address.Any, new(203, 0, 113, 5), Experimental, Data(10)), TestActor);
        var viaRoute = lan2.Next(TimeSpan.FromSeconds(5))!.Value;
        Assert.True(Ipv4Packet.TryParse(viaRoute.Packet, out var routed, out _));
        Assert.Equal((UsOnLan2, new Ipv4Address(203, 0, 113, 5), TestFrames.Stranger), (routed.Source, routed.Destination, viaRoute.To));
        Assert.Equal([router2], lan2.ArpRequests);
        ipv4.Tell(new Ipv4.Send(Ipv4Address.Any, new(198, 18, 0, 7), Experimental, Data(10)), TestActor);
        var viaGateway = lan.Next(TimeSpan.FromSeconds(5))!.Value;
        Assert.True(Ipv4Packet.TryParse(viaGateway.Packet, out var defaulted, out _));
        Assert.Equal((Us, new Ipv4Address(198, 18, 0, 7)), (defaulted.Source, defaulted.Destination));
        Assert.Equal([Probe], lan.ArpRequests);
        ipv4.Tell(Ipv4.GetRoutes.Instance, TestActor);
        Assert.Equal(["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "0.0.0.0/0"],
            ExpectMsg<Ipv4.Routes>().Table.Select(r => r.Destination.ToString()));
    }

    [Fact]
    public async Task A_gateway_on_no_interface_subnet_stops_the_host_from_starting()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Network.AddHostAsync("c", TestFrames.HostA, "192.0.2.3/24", configure: s => s with { Gateway = new(10, 9, 9, 9) }));
        Assert.Contains("10.9.9.9", error.Message);
    }

    [Fact]
    public void Without_a_route_nothing_is_sent_and_the_drop_is_counted()
    {
        var ipv4 = Ipv4Of(Host());
        using var probe = Plug();
        ipv4.Tell(new Ipv4.Send(Ipv4Address.Any, new(203, 0, 113, 5), Experimental, Data(10)), TestActor);
        Assert.Empty(probe.Drain(AwaitIdle));
        Assert.Empty(probe.ArpRequests);
        Assert.Equal(1, Statistics(ipv4).OutNoRoutes);
    }

    [Fact]
    public void An_echo_request_to_the_address_of_another_interface_is_answered_from_that_address()
    {
        Host(twoInterfaces: true);
        using var probe = Plug();
        probe.Send(UsMac, TestFrames.EchoRequest(UsMac, TestFrames.Stranger, Probe, UsOnLan2, 9, 1, Data(16)).AsSpan(14));
        var icmp = Icmp(probe.NextIpv4(), out var ip);
        Assert.Equal((Icmpv4Type.EchoReply, UsOnLan2, Probe), (icmp.Type, ip.Source, ip.Destination));
    }

    [Fact]
    public async Task A_ping_of_8000_bytes_between_enet_hosts_is_fragmented_both_ways_and_answered()
    {
        var b = Host();
        var a = await Network.AddHostAsync("a", TestFrames.HostA, "192.0.2.1/24");
        a.Interfaces.Values.Single().Icmp!.Tell(new Icmp.Ping(Us, Count: 1, PayloadLength: 8000), TestActor);
        var result = ExpectMsg<Icmp.PingResult>(TimeSpan.FromSeconds(10));
        Assert.Equal(1, result.Received);
        foreach (var ipv4 in new[] { Ipv4Of(b), a.Interfaces.Values.Single().Ipv4! })
        {
            var statistics = Statistics(ipv4);
            Assert.Equal((1, 6, 1, 0), (statistics.OutFragOKs, statistics.OutFragCreates, statistics.ReasmOKs, statistics.ReasmFails));
        }
    }

}
