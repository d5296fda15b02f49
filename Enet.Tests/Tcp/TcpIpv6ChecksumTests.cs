using System.Buffers.Binary;
using Enet.Actors.Ip;
using Enet.Actors.Tcp;
using Enet.Codecs;
using Enet.TestKit;
using Xunit;

namespace Enet.Tests.Tcp;

/// <summary>RFC 8200 8.1: over IPv6 the TCP checksum covers a pseudo-header of both 128-bit addresses, a 32-bit
/// upper-layer length, three zero bytes and the next header. Checked against that layout written out byte by byte
/// and summed as RFC 1071 says, in both directions of a TCP layer whose IP layers are probes.</summary>
public sealed class TcpIpv6ChecksumTests : EnetTestKit
{
    private static readonly Ipv6Address Ours = Ipv6Address.Parse("2001:db8:5::a");
    private static readonly Ipv6Address Peer = Ipv6Address.Parse("2001:db8:5::b");

    /// <summary>RFC 1071's sum over the pseudo-header bytes of RFC 8200 8.1 and the segment; 0 when the checksum in
    /// the segment is right.</summary>
    private static ushort Sum(Ipv6Address source, Ipv6Address destination, ReadOnlySpan<byte> segment)
    {
        var bytes = new byte[40 + segment.Length];
        source.Write(bytes);
        destination.Write(bytes.AsSpan(16));
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(32), (uint)segment.Length);
        bytes[39] = (byte)IpProtocol.Tcp;
        segment.CopyTo(bytes.AsSpan(40));
        uint sum = 0;
        for (var i = 0; i < bytes.Length; i += 2)
        {
            sum += (uint)(bytes[i] << 8 | (i + 1 < bytes.Length ? bytes[i + 1] : 0));
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (ushort)~sum;
    }

    /// <summary>A SYN from the peer to <paramref name="port"/>, its checksum over <paramref name="pseudoSource"/>.</summary>
    private static byte[] Syn(ushort port, Ipv6Address pseudoSource)
    {
        var segment = new TcpSegment(40000, port, 12345, 0, TcpFlags.Syn, 65535, null, 0,
            [new TcpOption.MaxSegmentSize(1440)], default);
        var bytes = new byte[segment.Length];
        segment.Emit(bytes, 0);
        bytes[16] = bytes[17] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(16), Sum(pseudoSource, Ours, bytes));
        return bytes;
    }

    private Akka.Actor.IActorRef Layer(Akka.TestKit.TestProbe ipv6) =>
        Sys.ActorOf(TcpLayer.Props(CreateTestProbe().Ref, [], ipv6: ipv6.Ref, ipv6Addresses: [new Ipv6Cidr(Ours, 64)]));

    private static Ipv6.Datagram Datagram(byte[] segment) =>
        new("eth0", new Ipv6Header(0, 0, (ushort)segment.Length, IpProtocol.Tcp, 64, Peer, Ours), segment, false);

    [Fact]
    public void A_syn_checksummed_over_the_ipv6_pseudo_header_is_answered_by_a_reset_checksummed_over_it_too()
    {
        var ipv6 = CreateTestProbe();
        var layer = Layer(ipv6);
        ipv6.ExpectMsg<Ipv6.Register>();
        layer.Tell(Datagram(Syn(7, Peer)), TestActor);
        var reset = ipv6.ExpectMsg<Ipv6.Send>();
        Assert.Equal((Ours, Peer, IpProtocol.Tcp), (reset.Source, reset.Destination, reset.Protocol));
        Assert.True(TcpPacket.TryParse(reset.Payload.Span, out var packet, out _));
        Assert.Equal(TcpFlags.Rst | TcpFlags.Ack, packet.Flags);
        Assert.Equal(0, Sum(Ours, Peer, reset.Payload.Span));
    }

    [Fact]
    public void A_syn_whose_checksum_covers_another_source_is_dropped_and_counted()
    {
        var ipv6 = CreateTestProbe();
        var layer = Layer(ipv6);
        ipv6.ExpectMsg<Ipv6.Register>();
        layer.Tell(Datagram(Syn(7, Ipv6Address.Parse("2001:db8:5::c"))), TestActor);
        layer.Tell(EnetTcp.GetStatistics.Instance, TestActor);
        var statistics = ExpectMsg<EnetTcp.Statistics>();
        Assert.Equal((1L, 1L, 0L), (statistics.InSegs, statistics.InErrs, statistics.OutRsts));
        ipv6.ExpectNoMsg(TimeSpan.Zero);
    }
}
