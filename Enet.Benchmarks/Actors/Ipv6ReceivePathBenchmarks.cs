using BenchmarkDotNet.Attributes;
using Enet.Actors.Ip;
using Enet.Actors.Ndp;
using Enet.Codecs;

namespace Enet.Benchmarks.Actors;

/// <summary>
/// The IPv6 layer's per-packet work without the actor around it: parse an echo request (header, extension chain,
/// ICMPv6 view and checksum) and look its source up in a full neighbour cache, as the reply's send does; and
/// reassembly of a 3,000-byte datagram from three fragments, in order and out of order.
/// </summary>
[MemoryDiagnoser]
public class Ipv6ReceivePathBenchmarks
{
    private static readonly Ipv6Address Ours = Ipv6Address.Parse("2001:db8:5::2");
    private static readonly Ipv6Address Peer = Ipv6Address.Parse("2001:db8:5::1");

    private readonly byte[] echo = Packet(Peer, Ours, IpProtocol.Icmpv6, Icmp(Icmpv6Message.EchoRequest(1, 1, new byte[56])));
    private readonly byte[][] fragments = Fragments();
    private NeighborCache neighbors = null!;
    private Ipv6Reassembly reassembly = null!;

    [GlobalSetup]
    public void Setup()
    {
        neighbors = new NeighborCache(NdpSettings.Default, new Link());
        var now = DateTimeOffset.UnixEpoch;
        for (var i = 0; i < NdpSettings.Default.MaxEntries - 1; i++)
            neighbors.OnSourceLinkAddress(new Ipv6Address(Peer.Value + 1 + (UInt128)i), new MacAddress(0x0200_0000_0000UL + (ulong)i), now);
        neighbors.OnSourceLinkAddress(Peer, new MacAddress(0x0200_0000_ffffUL), now);
        reassembly = new Ipv6Reassembly(new Ipv6Settings(MacAddress.Zero, []));
    }

    [Benchmark(Baseline = true)]
    public ulong Parse_echo_request_and_look_up_the_neighbour()
    {
        Ipv6Packet.TryParse(echo, out var packet, out _);
        var upper = packet.UpperLayerPayload;
        Icmpv6Packet.TryParse(upper, out var icmp, out _);
        var status = icmp.VerifyChecksum(InternetChecksum.PseudoHeader(packet.Source, packet.Destination, IpProtocol.Icmpv6, upper.Length));
        neighbors.TryGetLinkAddress(packet.Source, out var mac);
        return mac.Value + (ulong)status + icmp.SequenceNumber;
    }

    [Benchmark]
    public int Reassemble_three_fragments_in_order() => Reassemble(0, 1, 2);

    [Benchmark]
    public int Reassemble_three_fragments_out_of_order() => Reassemble(2, 0, 1);

    private int Reassemble(int first, int second, int third)
    {
        Add(fragments[first]);
        Add(fragments[second]);
        return Add(fragments[third])?.Length ?? 0;
    }

    private byte[]? Add(byte[] fragment)
    {
        Ipv6Packet.TryParse(fragment, out var packet, out _);
        reassembly.Add(fragment, packet, out _, out var datagram, out _);
        return datagram;
    }

    private static byte[] Icmp(Icmpv6Message message)
    {
        var bytes = new byte[message.Length];
        message.Emit(bytes, InternetChecksum.PseudoHeader(Peer, Ours, IpProtocol.Icmpv6, message.Length));
        return bytes;
    }

    private static byte[] Packet(Ipv6Address source, Ipv6Address destination, IpProtocol nextHeader, ReadOnlySpan<byte> payload)
    {
        var packet = new byte[Ipv6Packet.HeaderLength + payload.Length];
        new Ipv6Header(0, 0, null, nextHeader, 64, source, destination).Emit(packet, payload.Length);
        payload.CopyTo(packet.AsSpan(Ipv6Packet.HeaderLength));
        return packet;
    }

    private static byte[][] Fragments()
    {
        var payload = new byte[3000];
        (int Offset, int Length, bool More)[] pieces = [(0, 1448, true), (1448, 1448, true), (2896, 104, false)];
        return [.. pieces.Select(p =>
        {
            var fragment = new byte[Ipv6Packet.HeaderLength + Ipv6FragmentHeader.Length + p.Length];
            new Ipv6Header(0, 0, (ushort)(Ipv6FragmentHeader.Length + p.Length), IpProtocol.Ipv6Fragment, 64, Peer, Ours).Emit(fragment, p.Length);
            fragment[Ipv6Packet.HeaderLength] = (byte)IpProtocol.Udp;
            new Ipv6FragmentHeader((ushort)(p.Offset / 8), p.More, 42).WriteAfterNextHeader(fragment.AsSpan(Ipv6Packet.HeaderLength + 1));
            payload.AsSpan(p.Offset, p.Length).CopyTo(fragment.AsSpan(Ipv6Packet.HeaderLength + Ipv6FragmentHeader.Length));
            return fragment;
        })];
    }

    /// <summary>The cache's output: a lookup of a known neighbour never calls it, so it only counts.</summary>
    private sealed class Link : INeighborCacheOutput
    {
        public int Calls { get; private set; }

        public void Solicit(Ipv6Address target, MacAddress? unicast) => Calls++;

        public void Transmit(MacAddress destination, Bytes packet) => Calls++;

        public void ArmTimer(Ipv6Address address, TimeSpan delay) => Calls++;

        public void Unreachable(Ipv6Address address, IReadOnlyList<Bytes> packets) => Calls++;
    }
}
