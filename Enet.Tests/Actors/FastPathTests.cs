using System.Collections.Concurrent;
using System.Collections.Immutable;
using Akka.Actor;
using Enet.Actors.Arp;
using Enet.Actors.FrameBus;
using Enet.Actors.Icmp;
using Enet.Actors.Interface;
using Enet.Actors.Ip;
using Enet.Actors.Tcp;
using Enet.Codecs;
using Enet.TestKit;
using Xunit;

namespace Enet.Tests.Actors;

/// <summary>
/// The data path's shortcuts, each beside the way it falls back: the bus's fast path on the link reader's thread, the
/// IPv4 receive checks it runs, TCP's demultiplexing to a connection, and the IPv4 send path that skips the layer and
/// the ARP cache for a known neighbour. Probes stand for the actors; every call is synchronous, so "nothing was told"
/// is checked exactly.
/// </summary>
public sealed class FastPathTests : EnetTestKit
{
    private static readonly Ipv4Address Us = new(192, 0, 2, 2);
    private static readonly Ipv4Address Peer = new(192, 0, 2, 9);
    private static readonly Ipv4Settings Settings = new([Ipv4Cidr.Parse("192.0.2.2/24")]) { Interface = "eth0" };

    private sealed class Taker(bool takes) : IIpv4FastPath, IIpv6FastPath, IFrameFastPath
    {
        public bool TryTake(Ipv6Address source, Ipv6Address destination, ReadOnlySpan<byte> payload, bool checksumVerified)
        {
            Offered.Enqueue((default, default, payload.ToArray()));
            return takes;
        }

        public ConcurrentQueue<(Ipv4Address Source, Ipv4Address Destination, byte[] Payload)> Offered { get; } = new();

        public bool TryTake(Ipv4Address source, Ipv4Address destination, ReadOnlySpan<byte> payload, bool checksumVerified)
        {
            Offered.Enqueue((source, destination, payload.ToArray()));
            return takes;
        }

        public bool TryTake(FrameView frame)
        {
            Offered.Enqueue((default, default, frame.Bytes.ToArray()));
            return takes;
        }
    }

    private static byte[] Segment(ushort sourcePort, ushort destinationPort, byte[] data, Ipv4Address from, Ipv4Address to)
    {
        var segment = new TcpSegment(sourcePort, destinationPort, 1000, 1, TcpFlags.Ack | TcpFlags.Psh, 65535, null, 0, ImmutableArray<TcpOption>.Empty, data);
        var bytes = new byte[segment.Length];
        segment.Emit(bytes, InternetChecksum.PseudoHeader(from, to, IpProtocol.Tcp, bytes.Length));
        return bytes;
    }

    private static FrameView Frame(byte[] ethernet) => new(FrameHeader.Read(ethernet), ethernet);

    private static byte[] TcpFrame(MacAddress to, Ipv4Header header, byte[] segment) => TestFrames.Ipv4(to, TestFrames.HostB, header, segment);

    [Fact]
    public void The_bus_skips_the_queue_of_a_subscriber_whose_fast_path_took_the_frame_and_observers_still_see_it()
    {
        var bus = new FrameDispatcher("eth0", TestFrames.HostA, new InterfaceCounters());
        var takes = new Taker(takes: true);
        var taken = bus.Subscribe(CreateTestProbe().Ref, FrameClassifier.ByEtherType(EtherType.Ipv4), 16, takes);
        var observer = bus.Subscribe(CreateTestProbe().Ref, FrameClassifier.All, 16);
        var declines = new Taker(takes: false);
        var declined = bus.Subscribe(CreateTestProbe().Ref, FrameClassifier.ByEtherType(EtherType.Ipv4), 16, declines);
        var frame = TcpFrame(TestFrames.HostA, Ipv4Header.Create(Peer, Us, IpProtocol.Tcp), Segment(5, 6, [1], Peer, Us));

        bus.Publish(frame, 1, FrameDirection.Received);
        // A frame for another MAC is never offered to a fast path (only observers and promiscuous stacks see it).
        bus.Publish(TcpFrame(TestFrames.Stranger, Ipv4Header.Create(Peer, Us, IpProtocol.Tcp), Segment(5, 6, [1], Peer, Us)), 2, FrameDirection.Received);

        Assert.Equal((0, 2, 1), (taken.Queued, observer.Queued, declined.Queued));
        Assert.Equal((1, 1), (takes.Offered.Count, declines.Offered.Count));
        Assert.Equal(frame, takes.Offered.Single().Payload);
    }

    [Fact]
    public void A_frame_a_fast_path_takes_gives_its_buffer_back_at_once_and_a_queued_one_after_its_reader()
    {
        var bus = new FrameDispatcher("eth0", TestFrames.HostA, new InterfaceCounters());
        bus.Subscribe(CreateTestProbe().Ref, FrameClassifier.ByEtherType(EtherType.Ipv4), 16, new Taker(takes: true));
        var frame = TcpFrame(TestFrames.HostA, Ipv4Header.Create(Peer, Us, IpProtocol.Tcp), Segment(5, 6, [1], Peer, Us));
        var taken = new Owner();
        bus.Publish(frame, 1, FrameDirection.Received, taken);
        Assert.Equal(1, taken.Disposed);

        var observer = bus.Subscribe(CreateTestProbe().Ref, FrameClassifier.All, 16);
        var queued = new Owner();
        bus.Publish(frame, 2, FrameDirection.Received, queued);
        Assert.Equal(0, queued.Disposed);
        Assert.Equal(1, observer.Drain(f => Assert.Equal(frame, f.Span.ToArray())));
        Assert.Equal(1, queued.Disposed);
    }

    [Fact]
    public void Observers_see_a_received_frame_before_what_a_fast_path_sends_in_answer()
    {
        var bus = new FrameDispatcher("eth0", TestFrames.HostA, new InterfaceCounters());
        var request = TcpFrame(TestFrames.HostA, Ipv4Header.Create(Peer, Us, IpProtocol.Tcp), Segment(5, 6, [1], Peer, Us));
        var answer = TcpFrame(TestFrames.HostB, Ipv4Header.Create(Us, Peer, IpProtocol.Tcp), Segment(6, 5, [2], Us, Peer));
        // The fast path subscribed first, as the IPv4 layer does before a dumper comes.
        bus.Subscribe(CreateTestProbe().Ref, FrameClassifier.ByEtherType(EtherType.Ipv4), 16, new Answering(() => bus.Publish(answer, 2, FrameDirection.Sent)));
        var observer = bus.Subscribe(CreateTestProbe().Ref, FrameClassifier.All, 16);

        bus.Publish(request, 1, FrameDirection.Received);

        var seen = new List<(FrameDirection, string)>();
        observer.Drain(f => seen.Add((f.Direction, Convert.ToHexString(f.Span))));
        Assert.Equal([(FrameDirection.Received, Convert.ToHexString(request)), (FrameDirection.Sent, Convert.ToHexString(answer))], seen);
    }

    private sealed class Answering(Action answer) : IFrameFastPath
    {
        public bool TryTake(FrameView frame)
        {
            answer();
            return true;
        }
    }

    private sealed class Owner : IDisposable
    {
        public int Disposed { get; private set; }

        public void Dispose() => Disposed++;
    }

    [Fact]
    public void Ipv4_receive_takes_a_whole_unicast_datagram_its_protocol_takes_and_declines_all_the_layer_must_see()
    {
        var receive = new Ipv4Receive(Settings.RoutingTable());
        var tcp = new Taker(takes: true);
        receive.Register(IpProtocol.Tcp, tcp);
        var segment = Segment(5, 6, [1, 2, 3], Peer, Us);
        var good = Ipv4Header.Create(Peer, Us, IpProtocol.Tcp);

        Assert.True(receive.TryTake(Frame(TcpFrame(TestFrames.HostA, good, segment))));
        var (source, destination, payload) = Assert.Single(tcp.Offered);
        Assert.Equal((Peer, Us), (source, destination));
        Assert.Equal(segment, payload);
        Assert.Equal(1, receive.Received);

        var declined = new[]
        {
            TcpFrame(MacAddress.Broadcast, good, segment),
            TcpFrame(TestFrames.HostA, good with { Checksum = 0x1234 }, segment),
            TcpFrame(TestFrames.HostA, good with { MoreFragments = true }, segment),
            TcpFrame(TestFrames.HostA, Ipv4Header.Create(new Ipv4Address(127, 0, 0, 1), Us, IpProtocol.Tcp), segment),
            TcpFrame(TestFrames.HostA, Ipv4Header.Create(Peer, new Ipv4Address(192, 0, 2, 77), IpProtocol.Tcp), segment),
            TcpFrame(TestFrames.HostA, Ipv4Header.Create(Peer, Us, IpProtocol.Udp), segment),
        };
        foreach (var frame in declined)
            Assert.False(receive.TryTake(Frame(frame)));
        Assert.Single(tcp.Offered);
        Assert.Equal(1, receive.Received);

        // A protocol that declines leaves the datagram to the layer, uncounted here.
        receive.Register(IpProtocol.Tcp, new Taker(takes: false));
        Assert.False(receive.TryTake(Frame(TcpFrame(TestFrames.HostA, good, segment))));
        Assert.Equal(1, receive.Received);
    }

    [Fact]
    public void Tcp_demux_hands_a_known_connection_its_segment_and_leaves_the_rest_to_the_layer()
    {
        var counters = new TcpCounters();
        var demux = new TcpDemux(counters);
        var connection = CreateTestProbe();
        demux.Connections[new ConnectionId(Us, 80, Peer, 40000)] = connection.Ref;
        var segment = Segment(40000, 80, [7, 8, 9], Peer, Us);

        Assert.True(demux.TryTake(Peer, Us, segment, checksumVerified: false));
        Assert.Equal(segment, connection.ExpectMsg<TcpConnectionShell.Inbound>().Segment.Span.ToArray());
        Assert.Equal(1, Interlocked.Read(ref counters.InSegs));

        var corrupted = (byte[])segment.Clone();
        corrupted[^1] ^= 0xff;
        Assert.False(demux.TryTake(Peer, Us, corrupted, checksumVerified: false));
        Assert.False(demux.TryTake(Peer, Us, Segment(40001, 80, [1], Peer, Us), checksumVerified: true));
        Assert.False(demux.TryTake(Peer, Us, [1, 2, 3], checksumVerified: true));
        Assert.False(connection.HasMessages);
        Assert.Equal(1, Interlocked.Read(ref counters.InSegs));

        // A link that computed the checksum itself (a TAP's offload) is believed: the segment is not summed again.
        Assert.True(demux.TryTake(Peer, Us, corrupted, checksumVerified: true));
        connection.ExpectMsg<TcpConnectionShell.Inbound>();
    }

    [Fact]
    public void Ipv4_output_sends_to_a_known_neighbour_straight_to_the_interface_and_everything_else_through_the_layer()
    {
        var layer = CreateTestProbe();
        var iface = CreateTestProbe();
        var neighbours = new Neighbours();
        var output = new Ipv4Output(layer.Ref, iface.Ref, Settings, Settings.RoutingTable(), neighbours);
        const int headroom = Ipv4Packet.MinHeaderLength + 14;
        var buffer = new byte[headroom + 4];
        var payload = new Bytes(buffer.AsMemory(headroom));

        // Unknown neighbour: the layer resolves it through the ARP cache.
        output.Send(Ipv4Address.Any, Peer, IpProtocol.Tcp, payload, headroom, pooled: true, 0x20, ActorRefs.Nobody);
        var told = layer.ExpectMsg<Ipv4.Send>();
        Assert.Equal((Peer, headroom, true, (byte)0x20), (told.Destination, told.Headroom, told.Pooled, told.Tos));
        Assert.False(iface.HasMessages);

        neighbours.Set(Peer, TestFrames.HostB);
        output.Send(Ipv4Address.Any, Peer, IpProtocol.Tcp, payload, headroom, pooled: true, 0x20, ActorRefs.Nobody);
        var transmit = iface.ExpectMsg<Eth.Transmit>();
        Assert.Equal((TestFrames.HostB, EtherType.Ipv4, 14, true), (transmit.Destination, transmit.EtherType, transmit.Headroom, transmit.Pooled));
        Assert.True(Ipv4Packet.TryParse(transmit.Payload.Span, out var packet, out _));
        Assert.Equal((Us, Peer, IpProtocol.Tcp, (byte)64, ChecksumStatus.Good, 24, (byte)0x20),
            (packet.Source, packet.Destination, packet.Protocol, packet.Ttl, packet.VerifyChecksum(), (int)packet.TotalLength, (byte)(packet.Dscp << 2)));
        Assert.Equal((1, 1), (output.Requests, output.Transmits));

        // An echo reply (type 0) goes straight out too.
        output.Send(Ipv4Address.Any, Peer, IpProtocol.Icmp, payload, headroom, pooled: false, 0, ActorRefs.Nobody);
        Assert.True(Ipv4Packet.TryParse(iface.ExpectMsg<Eth.Transmit>().Payload.Span, out var reply, out _) && reply.Protocol == IpProtocol.Icmp);

        // Other ICMP (errors pass the layer's rules), broadcasts, no headroom and an oversized datagram go to the layer.
        var error = new byte[headroom + 8];
        error[headroom] = (byte)Icmpv4Type.DestinationUnreachable;
        output.Send(Ipv4Address.Any, Peer, IpProtocol.Icmp, new Bytes(error.AsMemory(headroom)), headroom, pooled: false, 0, ActorRefs.Nobody);
        output.Send(Ipv4Address.Any, new Ipv4Address(192, 0, 2, 255), IpProtocol.Tcp, payload, headroom, pooled: false, 0, ActorRefs.Nobody);
        output.Send(Ipv4Address.Any, Peer, IpProtocol.Tcp, payload, 0, pooled: false, 0, ActorRefs.Nobody);
        var big = new byte[headroom + 1500];
        output.Send(Ipv4Address.Any, Peer, IpProtocol.Tcp, new Bytes(big.AsMemory(headroom)), headroom, pooled: false, 0, ActorRefs.Nobody);
        for (var i = 0; i < 4; i++)
            layer.ExpectMsg<Ipv4.Send>();
        Assert.False(iface.HasMessages);
        Assert.Equal(2, output.Requests);
    }

    [Fact]
    public void Ipv4_output_given_the_interfaces_output_writes_to_the_link_itself_and_a_down_interface_drops()
    {
        var iface = CreateTestProbe();
        var (link, bus, counters, eth) = Interface();
        var neighbours = new Neighbours();
        neighbours.Set(Peer, TestFrames.HostB);
        var output = new Ipv4Output(CreateTestProbe().Ref, iface.Ref, Settings, Settings.RoutingTable(), neighbours);
        output.Attach(eth);
        const int headroom = Ipv4Packet.MinHeaderLength + 14;
        var buffer = FrameBuffers.Rent(headroom + 100);
        buffer.AsSpan(headroom, 100).Fill(0x5a);

        output.Send(Ipv4Address.Any, Peer, IpProtocol.Tcp, new Bytes(buffer.AsMemory(headroom, 100)), headroom, pooled: true, 0, ActorRefs.Nobody);
        Assert.False(iface.HasMessages);
        var frame = Assert.Single(link.Sent);
        Assert.True(EthernetFrame.TryParse(frame, out var ethernet, out _));
        Assert.Equal((TestFrames.HostB, TestFrames.HostA, EtherType.Ipv4, 134), (ethernet.Destination, ethernet.Source, ethernet.EtherType, frame.Length));
        Assert.True(Ipv4Packet.TryParse(ethernet.Payload, out var packet, out _));
        Assert.Equal((Us, Peer, ChecksumStatus.Good), (packet.Source, packet.Destination, packet.VerifyChecksum()));
        Assert.True(packet.Payload.SequenceEqual(Enumerable.Repeat((byte)0x5a, 100).ToArray()));
        Assert.Equal(1, counters.Snapshot().TxPackets);

        bus.Enabled = false;
        output.Send(Ipv4Address.Any, Peer, IpProtocol.Tcp, new Bytes(FrameBuffers.Rent(headroom + 10).AsMemory(headroom, 10)), headroom, pooled: true, 0,
            ActorRefs.Nobody);
        Assert.Single(link.Sent);
        Assert.Equal((1, 1), (counters.Snapshot().TxPackets, counters.Snapshot().TxDrops));
    }

    [Fact]
    public void An_echo_request_is_answered_on_the_callers_thread_and_anything_else_is_left_to_the_responder()
    {
        var (link, _, _, eth) = Interface();
        var neighbours = new Neighbours();
        neighbours.Set(Peer, TestFrames.HostB);
        var output = new Ipv4Output(CreateTestProbe().Ref, CreateTestProbe().Ref, Settings, Settings.RoutingTable(), neighbours);
        output.Attach(eth);
        var echo = new IcmpEchoFastPath();
        var data = Enumerable.Range(0, 56).Select(i => (byte)i).ToArray();
        var request = Icmp(Icmpv4Message.EchoRequest(0x1234, 7, data));

        Assert.False(echo.TryTake(Peer, Us, request, checksumVerified: false)); // no output yet: the responder answers
        echo.Attach(output);
        var reply = Icmp(Icmpv4Message.EchoReply(0x1234, 7, data));
        var corrupt = (byte[])request.Clone();
        corrupt[^1] ^= 1;
        var unreachable = Icmp(Icmpv4Message.DestinationUnreachable(3, new byte[28]));
        foreach (var declined in new[] { corrupt, reply, unreachable, request[..4] })
            Assert.False(echo.TryTake(Peer, Us, declined, checksumVerified: false));
        Assert.Empty(link.Sent);

        Assert.True(echo.TryTake(Peer, Us, request, checksumVerified: false));
        Assert.True(EthernetFrame.TryParse(Assert.Single(link.Sent), out var ethernet, out _));
        Assert.True(Ipv4Packet.TryParse(ethernet.Payload, out var packet, out _));
        // RFC 1122 3.2.2.6: from the address the request was sent to, the data echoed unmodified.
        Assert.Equal((Us, Peer, IpProtocol.Icmp, ChecksumStatus.Good), (packet.Source, packet.Destination, packet.Protocol, packet.VerifyChecksum()));
        Assert.True(packet.Payload.SequenceEqual(reply));
        Assert.Equal(1, echo.Answered);
    }

    [Fact]
    public void Ipv6_receive_takes_a_whole_unicast_packet_to_a_preferred_address_and_leaves_the_rest_to_the_layer()
    {
        var us = Ipv6Address.Parse("2001:db8::2");
        var peer = Ipv6Address.Parse("2001:db8::9");
        var receive = new Ipv6Receive();
        var tcp = new Taker(takes: true);
        receive.Register(IpProtocol.Tcp, tcp);
        var segment = Segment6(40000, 80, [4, 5, 6], peer, us);
        var good = new Ipv6Header(0, 0, null, IpProtocol.Tcp, 64, peer, us);

        // Still tentative (RFC 4862 5.4): not ours yet, so the layer sees it (and drops it).
        Assert.False(receive.TryTake(Frame(Ipv6Frame(TestFrames.HostA, good, segment))));
        receive.Prefer([us]);
        Assert.True(receive.TryTake(Frame(Ipv6Frame(TestFrames.HostA, good, segment))));
        Assert.Equal(segment, Assert.Single(tcp.Offered).Payload);
        Assert.Equal(1, receive.Received);

        var hopByHop = good with
        {
            NextHeader = IpProtocol.HopByHop,
            ExtensionHeaders = [Ipv6ExtensionHeader.CreateOptions(IpProtocol.HopByHop, IpProtocol.Tcp, [])],
        };
        var declined = new[]
        {
            Ipv6Frame(Ipv6Multicast.MacFor(Ipv6Multicast.AllNodes), good with { Destination = Ipv6Multicast.AllNodes }, segment),
            Ipv6Frame(TestFrames.HostA, good with { Destination = Ipv6Address.Parse("2001:db8::77") }, segment),
            Ipv6Frame(TestFrames.HostA, good with { Source = Ipv6Multicast.AllNodes }, segment),
            Ipv6Frame(TestFrames.HostA, hopByHop, segment),
            Ipv6Frame(TestFrames.HostA, good with { NextHeader = IpProtocol.Udp }, segment),
            Ipv6Frame(TestFrames.HostA, good with { PayloadLength = 1000 }, segment),
        };
        foreach (var frame in declined)
            Assert.False(receive.TryTake(Frame(frame)));
        Assert.Single(tcp.Offered);
        Assert.Equal(1, receive.Received);
    }

    [Fact]
    public void Tcp_demux_hands_a_known_ipv6_connection_its_segment_after_checking_the_ipv6_pseudo_header()
    {
        var us = Ipv6Address.Parse("2001:db8::2");
        var peer = Ipv6Address.Parse("2001:db8::9");
        var demux = new TcpDemux(new TcpCounters());
        var connection = CreateTestProbe();
        demux.Connections[new ConnectionId(us, 80, peer, 40000)] = connection.Ref;
        var segment = Segment6(40000, 80, [7, 8, 9], peer, us);

        Assert.True(demux.TryTake(peer, us, segment, checksumVerified: false));
        Assert.Equal(segment, connection.ExpectMsg<TcpConnectionShell.Inbound>().Segment.Span.ToArray());
        // The same bytes from another peer: its pseudo-header gives another sum, so the checksum fails.
        var otherPeer = Ipv6Address.Parse("2001:db8::10");
        demux.Connections[new ConnectionId(us, 80, otherPeer, 40000)] = connection.Ref;
        Assert.False(demux.TryTake(otherPeer, us, segment, checksumVerified: false));
        Assert.False(connection.HasMessages);
    }

    private static byte[] Segment6(ushort sourcePort, ushort destinationPort, byte[] data, Ipv6Address from, Ipv6Address to)
    {
        var segment = new TcpSegment(sourcePort, destinationPort, 1000, 1, TcpFlags.Ack | TcpFlags.Psh, 65535, null, 0, ImmutableArray<TcpOption>.Empty, data);
        var bytes = new byte[segment.Length];
        segment.Emit(bytes, InternetChecksum.PseudoHeader(from, to, IpProtocol.Tcp, bytes.Length));
        return bytes;
    }

    private static byte[] Ipv6Frame(MacAddress to, Ipv6Header header, byte[] upper)
    {
        var packet = new byte[header.Length + upper.Length];
        header.Emit(packet, upper.Length);
        upper.CopyTo(packet, header.Length);
        return TestFrames.Ethernet(to, TestFrames.HostB, EtherType.Ipv6, packet);
    }

    private static byte[] Icmp(Icmpv4Message message)
    {
        var bytes = new byte[message.Length];
        message.Emit(bytes);
        return bytes;
    }

    private static (TestFrames.RecordingLink Link, FrameDispatcher Bus, InterfaceCounters Counters, EthOutput Output) Interface()
    {
        var link = new TestFrames.RecordingLink();
        var counters = new InterfaceCounters();
        var bus = new FrameDispatcher("eth0", TestFrames.HostA, counters);
        return (link, bus, counters, new EthOutput(TestFrames.HostA, 1500, link, bus, counters));
    }
}
