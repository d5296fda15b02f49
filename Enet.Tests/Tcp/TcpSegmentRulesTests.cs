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

using Tcp = Akka.IO.Tcp;

/// <summary>The layer's and the listener's rules (RFC 9293 3.10.7.1, 3.10.7.2), pinned with hand-made segments from a raw
/// endpoint on the wire; a connection's rules are scripted against the core (Tcp/Core).</summary>
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

    private void Send(ushort port, uint seq, uint ack, TcpFlags flags, string data = "", bool corrupt = false)
    {
        var segment = new TcpSegment(ProberPort, port, seq, ack, flags, 8192, null, 0, ImmutableArray<TcpOption>.Empty,
            System.Text.Encoding.ASCII.GetBytes(data));
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

    private EnetTcp.Statistics Stats()
    {
        TcpLayer.Tell(EnetTcp.GetStatistics.Instance, TestActor);
        return ExpectMsg<EnetTcp.Statistics>(Wire);
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
        TcpLayer.Tell(Io.Bind(TestActor, 7000), TestActor);
        ExpectMsg<Tcp.Bound>(Wire);
        // RFC 9293 3.10.7.2: an ACK in LISTEN gets <SEQ=SEG.ACK><CTL=RST>; a RST is ignored.
        Send(7000, 1, 4242, TcpFlags.Ack);
        var reset = Next();
        Assert.Equal((TcpFlags.Rst, 4242u), (reset.Flags, reset.SequenceNumber));
        Send(7000, 1, 0, TcpFlags.Rst);
        ExpectNothing();
    }
}
