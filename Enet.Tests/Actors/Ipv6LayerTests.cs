using Enet.Actors.Ip;
using Enet.Codecs;
using Xunit;

namespace Enet.Tests.Actors;

/// <summary>The IPv6 receive path on virtual time: echo, extension headers, ICMPv6 errors and their rate limit,
/// reassembly and source fragmentation, with the test as the neighbour on the wire.</summary>
public sealed class Ipv6LayerTests : Ipv6Scenario
{
    private const byte UnassignedProtocol = 253;

    /// <summary>The peer solicits us with its link-layer address, so Enet can answer without resolving it.</summary>
    private void Introduce()
    {
        var group = Ipv6Multicast.SolicitedNode(EnetGlobal);
        FromPeer(Ipv6Multicast.MacFor(group), Ipv6TestFrames.Ndp(PeerGlobal, group, Icmpv6Message.NeighborSolicitation(EnetGlobal, PeerMac)));
        Assert.IsType<NdpMessage.NeighborAdvertisement>(NextNdp().Ndp);
    }

    private static byte[] EchoFromPeer(Ipv6Address destination, ushort sequence, byte[] data, Ipv6Address? source = null) =>
        Ipv6TestFrames.Icmp(source ?? PeerGlobal, destination, Icmpv6Message.EchoRequest(0x4242, sequence, data));

    /// <summary>The next ICMPv6 message that is not neighbour discovery (a probe may come in between).</summary>
    private (Ipv6Header Header, Icmpv6Message Message) NextNonNdp()
    {
        while (true)
        {
            var (_, header, message) = NextIcmp();
            if (!message.TryGetNdp(out _, out _))
                return (header, message);
        }
    }

    private (Ipv6Header Header, Icmpv6Message Message) ExpectError(Icmpv6Type type, byte code, uint pointer)
    {
        var (header, message) = NextNonNdp();
        Assert.Equal((type, code, pointer), (message.Type, message.Code, message.RestOfHeader));
        Assert.Equal(PeerGlobal, header.Destination);
        return (header, message);
    }

    [Theory]
    [InlineData("2001:db8:5::2", "2001:db8:5::1")]
    [InlineData("fe80::ff:fe00:a", "fe80::ff:fe00:b")]
    public void Echo_request_to_our_address_is_answered_from_it_with_the_data_unmodified(string ours, string theirs)
    {
        Start();
        var (enet, peer) = (Ipv6Address.Parse(ours), Ipv6Address.Parse(theirs));
        var data = Ipv6TestFrames.Pattern(1000);
        FromPeer(EnetMac, EchoFromPeer(enet, 9, data, peer));
        // Enet does not know the peer yet: it resolves it first (RFC 4861 7.2.2).
        var (_, solicitation, ndp) = NextNdp();
        Assert.Equal(peer, Assert.IsType<NdpMessage.NeighborSolicitation>(ndp).Target);
        Assert.Equal(enet, solicitation.Source);
        FromPeer(EnetMac, Ipv6TestFrames.Ndp(peer, enet, Icmpv6Message.NeighborAdvertisement(peer,
            NeighborAdvertisementFlags.Solicited | NeighborAdvertisementFlags.Override, PeerMac)));
        var (link, header, reply) = NextIcmp();
        Assert.Equal((PeerMac, enet, peer, (byte)64), (link, header.Source, header.Destination, header.HopLimit));
        Assert.Equal(Icmpv6Message.EchoReply(0x4242, 9, data) with { Checksum = reply.Checksum }, reply);
        Assert.Equal(1, Statistics().InDelivers);
    }

    [Fact]
    public void Echo_request_to_all_nodes_is_answered_from_our_address()
    {
        Start();
        Introduce();
        FromPeer(Ipv6Multicast.MacFor(Ipv6Multicast.AllNodes), EchoFromPeer(Ipv6Multicast.AllNodes, 1, [1, 2, 3]));
        var (header, reply) = NextNonNdp();
        Assert.Equal((Icmpv6Type.EchoReply, EnetGlobal, PeerGlobal), (reply.Type, header.Source, header.Destination));
    }

    [Fact]
    public void Packets_for_another_address_or_a_group_we_did_not_join_are_dropped()
    {
        Start();
        FromPeer(EnetMac, EchoFromPeer(Ipv6Address.Parse("2001:db8:5::99"), 1, [1]));
        FromPeer(MacAddress.Parse("33:33:ff:00:00:99"), EchoFromPeer(Ipv6Address.Parse("ff02::1:ff00:99"), 2, [1]));
        AwaitAssert(() => Assert.Equal(2, Statistics().InAddrErrors));
        ExpectWireSilent();
    }

    [Fact]
    public void Unknown_next_header_gets_a_parameter_problem_pointing_at_the_byte_that_named_it()
    {
        Start();
        Introduce();
        var bare = Ipv6TestFrames.Packet(PeerGlobal, EnetGlobal, (IpProtocol)UnassignedProtocol, [1, 2, 3, 4]);
        FromPeer(EnetMac, bare);
        var (header, message) = ExpectError(Icmpv6Type.ParameterProblem, 1, 6);
        Assert.Equal(EnetGlobal, header.Source);
        // RFC 4443 3.4: the body is the invoking packet, as much as fits.
        Assert.Equal(bare, message.Body.Span.ToArray());
        var behindOptions = Ipv6TestFrames.WithExtensions(PeerGlobal, EnetGlobal,
            [Ipv6ExtensionHeader.CreateOptions(IpProtocol.Ipv6DestinationOptions, (IpProtocol)UnassignedProtocol, [])], [1, 2, 3, 4]);
        FromPeer(EnetMac, behindOptions);
        ExpectError(Icmpv6Type.ParameterProblem, 1, 40);
        Assert.Equal(2, Statistics().InUnknownProtos);
    }

    [Fact]
    public void Icmpv6_without_a_responder_is_dropped_not_reported_as_an_unknown_next_header()
    {
        Start(responder: false);
        Introduce();
        FromPeer(EnetMac, EchoFromPeer(EnetGlobal, 1, [1]));
        AwaitAssert(() => Assert.Equal((1L, 0L), (Statistics().InDiscards, Statistics().InUnknownProtos)));
        ExpectWireSilent();
    }

    [Fact]
    public void Icmpv6_errors_are_rate_limited_by_a_token_bucket()
    {
        Start(Quiet with { IcmpErrorBurst = 3, IcmpErrorsPerSecond = 10 });
        Introduce();
        for (var i = 0; i < 5; i++)
            FromPeer(EnetMac, Ipv6TestFrames.Packet(PeerGlobal, EnetGlobal, (IpProtocol)UnassignedProtocol, [(byte)i]));
        for (var i = 0; i < 3; i++)
            ExpectError(Icmpv6Type.ParameterProblem, 1, 6);
        AwaitAssert(() => Assert.Equal((5, 3, 2), (Statistics().InUnknownProtos, Statistics().IcmpOutErrors, Statistics().IcmpOutRateLimited)));
        ExpectWireSilent();
        // A tenth of a second later one token is back.
        Advance(TimeSpan.FromMilliseconds(100));
        FromPeer(EnetMac, Ipv6TestFrames.Packet(PeerGlobal, EnetGlobal, (IpProtocol)UnassignedProtocol, [9]));
        ExpectError(Icmpv6Type.ParameterProblem, 1, 6);
    }

    [Fact]
    public void No_error_answers_a_packet_sent_to_a_group()
    {
        Start();
        FromPeer(Ipv6Multicast.MacFor(Ipv6Multicast.AllNodes), Ipv6TestFrames.Packet(PeerGlobal, Ipv6Multicast.AllNodes, (IpProtocol)UnassignedProtocol, [1]));
        AwaitAssert(() => Assert.Equal(1, Statistics().InUnknownProtos));
        ExpectWireSilent();
    }

    [Theory]
    [InlineData(0x1E, true, null)] // 00: skip the option
    [InlineData(0x5E, false, null)] // 01: discard silently
    [InlineData(0x9E, false, 2u)] // 10: discard and report, even to a group
    [InlineData(0xDE, false, 2u)] // 11: discard and report to a unicast destination
    public void Unknown_options_are_handled_as_their_type_says(int optionType, bool answered, uint? code)
    {
        Start();
        Introduce();
        var echo = Ipv6TestFrames.IcmpBytes(PeerGlobal, EnetGlobal, Icmpv6Message.EchoRequest(1, 1, new byte[] { 5 }));
        FromPeer(EnetMac, Ipv6TestFrames.WithExtensions(PeerGlobal, EnetGlobal,
            [Ipv6ExtensionHeader.CreateOptions(IpProtocol.Ipv6DestinationOptions, IpProtocol.Icmpv6, [new Ipv6Option((byte)optionType, new byte[2])])], echo));
        if (answered)
            Assert.Equal(Icmpv6Type.EchoReply, NextNonNdp().Message.Type);
        else if (code is { } expected)
            ExpectError(Icmpv6Type.ParameterProblem, (byte)expected, 42);
        else
        {
            AwaitAssert(() => Assert.Equal(1, Statistics().InHdrErrors));
            ExpectWireSilent();
        }
    }

    [Fact]
    public void Routing_header_with_segments_left_is_a_parameter_problem_at_its_type()
    {
        Start();
        Introduce();
        // Type 0 (deprecated by RFC 5095), one address, one segment left.
        var routing = new byte[23];
        routing[0] = 2;
        routing[2] = 1;
        var echo = Ipv6TestFrames.IcmpBytes(PeerGlobal, EnetGlobal, Icmpv6Message.EchoRequest(1, 1, new byte[] { 5 }));
        FromPeer(EnetMac, Ipv6TestFrames.WithExtensions(PeerGlobal, EnetGlobal,
            [new Ipv6ExtensionHeader(IpProtocol.Ipv6Route, IpProtocol.Icmpv6, routing)], echo));
        ExpectError(Icmpv6Type.ParameterProblem, 0, 42);
    }

    /// <summary>The reply's fragments, each within the MTU, joined back into the ICMPv6 message.</summary>
    private Icmpv6Message ReassembleReply()
    {
        var data = new List<byte>();
        uint? identification = null;
        while (true)
        {
            var (_, bytes) = NextPacket();
            Assert.True(bytes.Length <= 1500);
            Assert.True(Ipv6Packet.TryParse(bytes, out var packet, out _));
            if (packet.Fragment is not { } fragment)
                continue;
            Assert.Equal(data.Count, fragment.FragmentByteOffset);
            Assert.Equal(identification ??= fragment.Identification, fragment.Identification);
            var reader = packet.ExtensionHeaders;
            Assert.True(reader.MoveNext());
            data.AddRange(bytes.AsSpan(reader.Offset + Ipv6FragmentHeader.Length).ToArray());
            if (!fragment.MoreFragments)
                break;
        }
        var icmp = data.ToArray();
        Assert.True(Icmpv6Packet.TryParse(icmp, out var view, out _));
        Assert.Equal(ChecksumStatus.Good, view.VerifyChecksum(InternetChecksum.PseudoHeader(EnetGlobal, PeerGlobal, IpProtocol.Icmpv6, icmp.Length)));
        return Icmpv6Message.FromPacket(view);
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2 })]
    [InlineData(new[] { 2, 0, 1 })]
    [InlineData(new[] { 1, 1, 2, 0 })]
    public void Fragmented_echo_request_is_reassembled_and_the_reply_fragmented_to_the_link_mtu(int[] order)
    {
        Start();
        Introduce();
        var data = Ipv6TestFrames.Pattern(3000);
        var echo = Ipv6TestFrames.IcmpBytes(PeerGlobal, EnetGlobal, Icmpv6Message.EchoRequest(0x4242, 3, data));
        (int Offset, int Length, bool More)[] pieces = [(0, 1448, true), (1448, 1448, true), (2896, echo.Length - 2896, false)];
        foreach (var i in order)
            FromPeer(EnetMac, Ipv6TestFrames.Fragment(PeerGlobal, EnetGlobal, IpProtocol.Icmpv6, 77, echo, pieces[i].Offset, pieces[i].Length, pieces[i].More));
        var reply = ReassembleReply();
        Assert.Equal((Icmpv6Type.EchoReply, (ushort)3), (reply.Type, reply.SequenceNumber));
        Assert.Equal(data, reply.Body.Span.ToArray());
        var statistics = Statistics();
        Assert.Equal((order.Length, 1L, 0L, 1L, 3L), (statistics.ReasmReqds, statistics.ReasmOKs, statistics.ReasmFails, statistics.OutFragOKs, statistics.OutFragCreates));
    }

    [Fact]
    public void Overlapping_fragments_are_never_delivered()
    {
        Start();
        Introduce();
        var echo = Ipv6TestFrames.IcmpBytes(PeerGlobal, EnetGlobal, Icmpv6Message.EchoRequest(1, 1, Ipv6TestFrames.Pattern(3000)));
        FromPeer(EnetMac, Ipv6TestFrames.Fragment(PeerGlobal, EnetGlobal, IpProtocol.Icmpv6, 5, echo, 0, 1448, true));
        FromPeer(EnetMac, Ipv6TestFrames.Fragment(PeerGlobal, EnetGlobal, IpProtocol.Icmpv6, 5, echo, 1440, 1448, true));
        FromPeer(EnetMac, Ipv6TestFrames.Fragment(PeerGlobal, EnetGlobal, IpProtocol.Icmpv6, 5, echo, 1448, 1448, true));
        FromPeer(EnetMac, Ipv6TestFrames.Fragment(PeerGlobal, EnetGlobal, IpProtocol.Icmpv6, 5, echo, 2896, echo.Length - 2896, false));
        AwaitAssert(() => Assert.Equal((4L, 1L, 0L), (Statistics().ReasmReqds, Statistics().ReasmFails, Statistics().ReasmOKs)));
        ExpectWireSilent();
        // The discarded datagram leaves without a time exceeded message.
        Advance(TimeSpan.FromSeconds(60));
        Assert.DoesNotContain(Drain(), m => m.Type == Icmpv6Type.TimeExceeded);
    }

    private List<Icmpv6Message> Drain()
    {
        AwaitIdle();
        var messages = new List<Icmpv6Message>();
        while (Peer.Received.TryPeek(out _))
            messages.Add(NextIcmp().Message);
        return messages;
    }

    [Fact]
    public void Reassembly_timeout_sends_time_exceeded_only_when_the_first_fragment_arrived()
    {
        Start();
        Introduce();
        var echo = Ipv6TestFrames.IcmpBytes(PeerGlobal, EnetGlobal, Icmpv6Message.EchoRequest(1, 1, Ipv6TestFrames.Pattern(3000)));
        var first = Ipv6TestFrames.Fragment(PeerGlobal, EnetGlobal, IpProtocol.Icmpv6, 1, echo, 0, 1448, true);
        FromPeer(EnetMac, first);
        FromPeer(EnetMac, Ipv6TestFrames.Fragment(PeerGlobal, EnetGlobal, IpProtocol.Icmpv6, 2, echo, 1448, 1448, true));
        AwaitAssert(() => Assert.Equal(2, Statistics().ReasmReqds));
        Advance(TimeSpan.FromSeconds(59));
        Assert.DoesNotContain(Drain(), m => m.Type == Icmpv6Type.TimeExceeded);
        // The peer never answered the unicast probes, so its entry may be gone by now (RFC 4861 7.3.3): it speaks again.
        Introduce();
        Advance(TimeSpan.FromSeconds(1));
        var (_, message) = ExpectError(Icmpv6Type.TimeExceeded, 1, 0);
        Assert.Equal(first.AsSpan(0, Ipv6Reassembly.MaxInvokingPacket).ToArray(), message.Body.Span.ToArray());
        Assert.DoesNotContain(Drain(), m => m.Type == Icmpv6Type.TimeExceeded);
        Assert.Equal(2, Statistics().ReasmFails);
    }

    [Fact]
    public void Atomic_fragment_is_processed_on_its_own()
    {
        Start();
        Introduce();
        var echo = Ipv6TestFrames.IcmpBytes(PeerGlobal, EnetGlobal, Icmpv6Message.EchoRequest(1, 4, new byte[] { 7, 7 }));
        FromPeer(EnetMac, Ipv6TestFrames.Fragment(PeerGlobal, EnetGlobal, IpProtocol.Icmpv6, 9, echo, 0, echo.Length, false));
        var (_, reply) = NextNonNdp();
        Assert.Equal((Icmpv6Type.EchoReply, (ushort)4), (reply.Type, reply.SequenceNumber));
        Assert.Equal(0, Statistics().ReasmReqds);
    }

    [Fact]
    public void Fragment_that_is_not_a_multiple_of_8_bytes_is_a_parameter_problem_at_the_payload_length()
    {
        Start();
        Introduce();
        var echo = Ipv6TestFrames.IcmpBytes(PeerGlobal, EnetGlobal, Icmpv6Message.EchoRequest(1, 1, Ipv6TestFrames.Pattern(3000)));
        FromPeer(EnetMac, Ipv6TestFrames.Fragment(PeerGlobal, EnetGlobal, IpProtocol.Icmpv6, 1, echo, 0, 1001, true));
        ExpectError(Icmpv6Type.ParameterProblem, 0, 4);
    }
}
