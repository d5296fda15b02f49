using Akka.TestKit;
using System.Collections.Immutable;
using Enet.Actors.Hosting;
using Enet.Actors.Tcp;
using Enet.Codecs;
using Akka.Actor;
using Enet.Tap;
using Enet.TestKit;
using Enet.Tests.Actors;
using Xunit;

namespace Enet.Tests.Tcp;

using Tcp = Enet.Actors.Tcp.Tcp;

/// <summary>RFC 9293 3.10.7 and RFC 5961 rules, pinned with hand-made segments from a raw endpoint on the wire.</summary>
public sealed class TcpSegmentRulesTests : NetworkTestKit
{
    private static readonly Ipv4Address AddressB = new(192, 0, 2, 2);
    private static readonly Ipv4Address Prober = new(192, 0, 2, 99);
    private static readonly TimeSpan Wire = TimeSpan.FromSeconds(5);
    private const ushort ProberPort = 40000;

    private readonly RunningHost b;
    private readonly ILink prober;

    public TcpSegmentRulesTests()
    {
        b = Network.AddHostAsync("b", TestFrames.HostB, $"{AddressB}/24").GetAwaiter().GetResult();
        prober = Network.Plug("prober");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        prober.Dispose();
    }

    private IActorRef TcpLayer => b.Interfaces.Values.Single().Tcp!;

    private void Send(ushort port, uint seq, uint ack, TcpFlags flags, string data = "", ushort? mss = null, bool corrupt = false,
        ushort window = 8192)
    {
        var options = mss is { } m ? ImmutableArray.Create<TcpOption>(new TcpOption.MaxSegmentSize(m)) : ImmutableArray<TcpOption>.Empty;
        var segment = new TcpSegment(ProberPort, port, seq, ack, flags, window, null, 0, options, System.Text.Encoding.ASCII.GetBytes(data));
        var bytes = new byte[segment.Length];
        segment.Emit(bytes, InternetChecksum.PseudoHeader(Prober, AddressB, IpProtocol.Tcp, bytes.Length));
        if (corrupt)
            bytes[16] ^= 0x55;
        Assert.True(prober.TrySend(TestFrames.Ipv4(TestFrames.HostB, TestFrames.Stranger, Ipv4Header.Create(Prober, AddressB, IpProtocol.Tcp), bytes)));
    }

    /// <summary>The next TCP segment host b sends, answering its ARP for the prober on the way.</summary>
    private TcpSegment Next(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? Wire);
        while (true)
        {
            byte[] bytes;
            using (var frame = prober.Received.ReadAsync(cancel.Token).AsTask().GetAwaiter().GetResult())
                bytes = frame.Span.ToArray();
            Assert.True(EthernetFrame.TryParse(bytes, out var ethernet, out _));
            if (ethernet.EtherType == EtherType.Ipv4 && Ipv4Packet.TryParse(ethernet.Payload, out var ip, out _) && ip.Protocol == IpProtocol.Tcp)
            {
                Assert.True(TcpPacket.TryParse(ip.Payload, out var tcp, out _));
                Assert.Equal(ChecksumStatus.Good, tcp.VerifyChecksum(InternetChecksum.PseudoHeader(ip.Source, ip.Destination, IpProtocol.Tcp, ip.Payload.Length)));
                return TcpSegment.FromPacket(tcp);
            }
            if (ArpMessage.TryDecode(ethernet.Payload, out var arp, out _) && arp.Operation == ArpOperation.Request && arp.TargetProtocolAddress == Prober)
                prober.TrySend(TestFrames.Arp(arp.SenderHardwareAddress,
                    ArpMessage.Reply(TestFrames.Stranger, Prober, arp.SenderHardwareAddress, arp.SenderProtocolAddress)));
        }
    }

    private void ExpectNothing()
    {
        Assert.Throws<OperationCanceledException>(() => Next(TimeSpan.FromMilliseconds(300)));
    }

    private Tcp.Statistics Stats()
    {
        TcpLayer.Tell(Tcp.GetStatistics.Instance, TestActor);
        return ExpectMsg<Tcp.Statistics>(Wire);
    }

    /// <summary>Listener on 7000; the prober opens with ISN 1000 and MSS 1000; returns the connection and the server's ISN.</summary>
    private (IActorRef Connection, uint ServerIsn) Open(TestProbe handler)
    {
        TcpLayer.Tell(new Tcp.Bind(handler.Ref, 7000), handler.Ref);
        handler.ExpectMsg<Tcp.Bound>(Wire);
        Send(7000, 1000, 0, TcpFlags.Syn, mss: 1000);
        var synAck = Next();
        Assert.Equal((TcpFlags.Syn | TcpFlags.Ack, 1001u), (synAck.Flags, synAck.AcknowledgmentNumber));
        // RFC 9293 3.7.1: our MSS, MTU 1500 less 40.
        Assert.Equal(new TcpOption.MaxSegmentSize(1460), Assert.Single(synAck.Options));
        Send(7000, 1001, synAck.SequenceNumber + 1, TcpFlags.Ack);
        handler.ExpectMsg<Tcp.Connected>(Wire);
        var connection = handler.LastSender;
        connection.Tell(new Tcp.Register(handler.Ref), handler.Ref);
        return (connection, synAck.SequenceNumber);
    }

    [Fact]
    public void A_syn_to_a_closed_port_gets_a_reset_acknowledging_it_and_an_ack_gets_one_with_its_number()
    {
        // RFC 9293 3.10.7.1: no ACK -> <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>; ACK -> <SEQ=SEG.ACK><CTL=RST>.
        Send(9, 5000, 0, TcpFlags.Syn);
        var reset = Next();
        Assert.Equal((TcpFlags.Rst | TcpFlags.Ack, 0u, 5001u, (ushort)9, ProberPort),
            (reset.Flags, reset.SequenceNumber, reset.AcknowledgmentNumber, reset.SourcePort, reset.DestinationPort));
        Send(9, 5000, 777, TcpFlags.Ack, "data");
        reset = Next();
        Assert.Equal((TcpFlags.Rst, 777u), (reset.Flags, reset.SequenceNumber));
        // A reset is never answered.
        Send(9, 5000, 0, TcpFlags.Rst);
        ExpectNothing();
    }

    [Fact]
    public void After_a_syn_ack_timeout_the_connection_starts_with_an_rto_of_3_seconds()
    {
        var handler = CreateTestProbe();
        TcpLayer.Tell(new Tcp.Bind(handler.Ref, 7000), handler.Ref);
        handler.ExpectMsg<Tcp.Bound>(Wire);
        Send(7000, 1000, 0, TcpFlags.Syn, mss: 1000);
        var synAck = Next();
        // Unanswered, the SYN,ACK goes again after the initial RTO of 1 s (RFC 6298 2.1, 5.5: now 2 s); this one is ACKed.
        var again = Next();
        Assert.Equal((TcpFlags.Syn | TcpFlags.Ack, synAck.SequenceNumber), (again.Flags, again.SequenceNumber));
        Send(7000, 1001, synAck.SequenceNumber + 1, TcpFlags.Ack);
        handler.ExpectMsg<Tcp.Connected>(Wire);
        var connection = handler.LastSender;
        connection.Tell(Tcp.GetConnectionInfo.Instance, handler.Ref);
        // RFC 6298 5.7: the timer expired awaiting the ACK of our SYN, so data transmission begins with 3 s, not 2.
        Assert.Equal(TimeSpan.FromSeconds(3), handler.ExpectMsg<Tcp.ConnectionInfo>(Wire).Rto);
    }

    [Fact]
    public void A_segment_with_a_bad_checksum_is_dropped_and_counted()
    {
        Send(9, 5000, 0, TcpFlags.Syn, corrupt: true);
        ExpectNothing();
        // The statistics request goes straight to the layer and can overtake the frame on a busy machine.
        AwaitCondition(() => Stats().InErrs == 1, Wire);
        Assert.Equal(1, Stats().InErrs);
    }

    [Fact]
    public void A_listener_resets_an_ack_and_ignores_a_reset()
    {
        TcpLayer.Tell(new Tcp.Bind(TestActor, 7000), TestActor);
        ExpectMsg<Tcp.Bound>(Wire);
        // RFC 9293 3.10.7.2: an ACK in LISTEN gets <SEQ=SEG.ACK><CTL=RST>; a RST is ignored.
        Send(7000, 1, 4242, TcpFlags.Ack);
        var reset = Next();
        Assert.Equal((TcpFlags.Rst, 4242u), (reset.Flags, reset.SequenceNumber));
        Send(7000, 1, 0, TcpFlags.Rst);
        ExpectNothing();
    }

    [Fact]
    public void An_in_window_reset_or_syn_gets_a_challenge_ack_and_only_the_exact_reset_ends_the_connection()
    {
        var handler = CreateTestProbe();
        var (connection, isn) = Open(handler);
        // RFC 5961 3.2: in the window but not RCV.NXT: a challenge ACK, the connection lives.
        Send(7000, 1011, 0, TcpFlags.Rst);
        var challenge = Next();
        Assert.Equal((TcpFlags.Ack, isn + 1, 1001u), (challenge.Flags, challenge.SequenceNumber, challenge.AcknowledgmentNumber));
        // RFC 5961 4.2: a SYN in a synchronized state, the same.
        Send(7000, 1001, 0, TcpFlags.Syn);
        var second = Next();
        Assert.Equal((TcpFlags.Ack, isn + 1, 1001u), (second.Flags, second.SequenceNumber, second.AcknowledgmentNumber));
        // Outside the window: dropped silently.
        Send(7000, 1001 + 70000, 0, TcpFlags.Rst);
        ExpectNothing();
        handler.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Send(7000, 1001, 0, TcpFlags.Rst);
        Assert.Equal(TcpError.Econnreset, handler.ExpectMsg<Tcp.ErrorClosed>(Wire).Reason);
        Watch(connection);
        ExpectTerminated(connection, Wire);
    }

    [Fact]
    public void Out_of_order_duplicate_and_overlapping_segments_are_delivered_once_in_order()
    {
        var handler = CreateTestProbe();
        var (_, isn) = Open(handler);
        var ack = isn + 1;
        Send(7000, 1007, ack, TcpFlags.Ack, "world");
        // The hole at 1001 is still open: the ACK repeats RCV.NXT.
        Assert.Equal(1001u, Next().AcknowledgmentNumber);
        handler.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Send(7000, 1007, ack, TcpFlags.Ack, "world");
        Next();
        Send(7000, 1001, ack, TcpFlags.Ack, "hello ");
        var text = "";
        while (text.Length < 11)
            text += System.Text.Encoding.ASCII.GetString(handler.ExpectMsg<Tcp.Received>(Wire).Data.Span);
        Assert.Equal("hello world", text);
        Assert.Equal(1012u, Next().AcknowledgmentNumber);
        // Overlapping the delivered bytes and adding two: only the two are new.
        Send(7000, 1009, ack, TcpFlags.Ack, "rld!!");
        Assert.Equal("!!", System.Text.Encoding.ASCII.GetString(handler.ExpectMsg<Tcp.Received>(Wire).Data.Span));
        Assert.Equal(1014u, Next().AcknowledgmentNumber);
        // Entirely old: acknowledged again, nothing delivered.
        Send(7000, 1001, ack, TcpFlags.Ack, "hello");
        Assert.Equal(1014u, Next().AcknowledgmentNumber);
        handler.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Segments_are_sized_by_the_peers_mss_option_and_nagle_holds_a_short_segment_while_another_is_unacknowledged()
    {
        var handler = CreateTestProbe();
        var (connection, isn) = Open(handler);
        connection.Tell(new Tcp.Write(new byte[2500]), handler.Ref);
        // Full segments in flight do not hold back the short tail (Nagle as Minshall refined it): it goes at once, so
        // the end of a write never waits for a delayed ACK of the segments before it.
        Assert.Equal([1000, 1000, 500], new[] { Next().Payload.Length, Next().Payload.Length, Next().Payload.Length });
        // RFC 896 / RFC 9293 3.7.4: another short segment waits while that one is unacknowledged.
        connection.Tell(new Tcp.Write(new byte[100]), handler.Ref);
        ExpectNothing();
        Send(7000, 1001, isn + 1 + 2000, TcpFlags.Ack);
        ExpectNothing();
        Send(7000, 1001, isn + 1 + 2500, TcpFlags.Ack);
        Assert.Equal(100, Next().Payload.Length);
    }

    [Fact]
    public void A_short_write_goes_as_soon_as_a_zero_window_opens_though_a_persist_probe_went_before_it()
    {
        var handler = CreateTestProbe();
        var (connection, isn) = Open(handler);
        Send(7000, 1001, isn + 1, TcpFlags.Ack, window: 0);
        AwaitAssert(() =>
        {
            connection.Tell(Tcp.GetConnectionInfo.Instance, handler.Ref);
            Assert.Equal(0, handler.ExpectMsg<Tcp.ConnectionInfo>(Wire).SndWnd);
        }, Wire);
        connection.Tell(new Tcp.Write(new byte[100]), handler.Ref);
        // RFC 9293 3.8.6.1: one octet probes the closed window; the answer (not taking it) opens the window.
        Assert.Equal(1, Next().Payload.Length);
        Send(7000, 1001, isn + 1, TcpFlags.Ack);
        // Nothing is in flight, so the probe's octet holds nothing back (Nagle): all 100 go now, not at the next probe.
        Assert.Equal(100, Next(TimeSpan.FromMilliseconds(500)).Payload.Length);
    }

    [Fact]
    public void A_fin_behind_data_a_suspended_reader_holds_is_answered_with_our_fin_only_after_that_data_and_peer_closed()
    {
        var handler = CreateTestProbe();
        var (connection, isn) = Open(handler);
        handler.Watch(connection);
        connection.Tell(Tcp.SuspendReading.Instance, handler.Ref);
        Send(7000, 1001, isn + 1, TcpFlags.Ack | TcpFlags.Fin, "held");
        // RFC 9293 3.10.7.4 eighth check: the FIN is acknowledged and the connection is in CLOSE-WAIT.
        var ack = Next();
        Assert.Equal((TcpFlags.Ack, isn + 1, 1006u), (ack.Flags, ack.SequenceNumber, ack.AcknowledgmentNumber));
        // Registered without KeepOpenOnPeerClosed, the connection closes its side once PeerClosed is out, and that waits
        // behind the data the reader has not taken. A FIN sent now would be acknowledged and end the connection in
        // LAST-ACK with the data still held, so the reader would never get it.
        connection.Tell(Tcp.GetConnectionInfo.Instance, handler.Ref);
        Assert.Equal(TcpState.CloseWait, handler.ExpectMsg<Tcp.ConnectionInfo>(Wire).State);
        connection.Tell(Tcp.ResumeReading.Instance, handler.Ref);
        Assert.Equal("held", System.Text.Encoding.ASCII.GetString(handler.ExpectMsg<Tcp.Received>(Wire).Data.Span));
        handler.ExpectMsg<Tcp.PeerClosed>(Wire);
        var fin = Next();
        Assert.Equal((TcpFlags.Fin | TcpFlags.Ack, isn + 1, 1006u), (fin.Flags, fin.SequenceNumber, fin.AcknowledgmentNumber));
        Send(7000, 1006, isn + 2, TcpFlags.Ack);
        handler.ExpectTerminated(connection, Wire);
    }
}
