using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Enet.Codecs;

namespace Enet.Benchmarks.Codecs;

/// <summary>
/// Reading every header field through the zero-copy views, against the floor: a hand parse of the five
/// fields a demultiplexer needs with BinaryPrimitives. PacketDotNet cannot be installed here; its figures on
/// this machine class (236 ns / 864 B for the fields, 620 ns / 1,360 B with TCP options) are in
/// ../shared/reference/linux-tap-and-captures.md section 9.
/// </summary>
[MemoryDiagnoser]
public class HeaderViewBenchmarks
{
    private readonly byte[] ipv4Tcp = SampleFrames.Ipv4Tcp.ToArray();
    private readonly byte[] ipv6Udp = SampleFrames.Ipv6Udp.ToArray();

    [Benchmark(Baseline = true)]
    public long HandParseFiveFields()
    {
        var frame = ipv4Tcp.AsSpan();
        var etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
        var ihl = (frame[14] & 0xF) * 4;
        var tcp = frame[(14 + ihl)..];
        return etherType + BinaryPrimitives.ReadUInt16BigEndian(tcp) + BinaryPrimitives.ReadUInt16BigEndian(tcp[2..]) +
               BinaryPrimitives.ReadUInt32BigEndian(tcp[4..]) + tcp[13];
    }

    [Benchmark]
    public long EthernetIpv4TcpEveryField()
    {
        EthernetFrame.TryParse(ipv4Tcp, out var ethernet, out _);
        Ipv4Packet.TryParse(ethernet.Payload, out var ip, out _);
        TcpPacket.TryParse(ip.Payload, out var tcp, out _);
        long sum = (long)ethernet.Destination.Value + (long)ethernet.Source.Value + (ushort)ethernet.EtherType;
        sum += ip.Dscp + ip.Ecn + ip.TotalLength + ip.Identification + ip.FragmentOffset + ip.Ttl + (byte)ip.Protocol +
               ip.Checksum + ip.Source.Value + ip.Destination.Value + (ip.DontFragment ? 1 : 0) + (ip.MoreFragments ? 1 : 0);
        sum += tcp.SourcePort + tcp.DestinationPort + tcp.SequenceNumber + tcp.AcknowledgmentNumber + (ushort)tcp.Flags +
               tcp.Window + tcp.Checksum + tcp.UrgentPointer + tcp.Payload.Length;
        var options = tcp.ReadOptions();
        while (options.TryRead(out var option))
            sum += option.Kind + option.Length;
        return sum;
    }

    [Benchmark]
    public long EthernetIpv6UdpEveryField()
    {
        EthernetFrame.TryParse(ipv6Udp, out var ethernet, out _);
        Ipv6Packet.TryParse(ethernet.Payload, out var ip, out _);
        UdpPacket.TryParse(ip.Payload, out var udp, out _);
        long sum = (long)ethernet.Destination.Value + (long)ethernet.Source.Value + (ushort)ethernet.EtherType;
        sum += ip.TrafficClass + ip.FlowLabel + ip.PayloadLength + (byte)ip.NextHeader + ip.HopLimit +
               (long)(ulong)ip.Source.Value + (long)(ulong)ip.Destination.Value;
        sum += udp.SourcePort + udp.DestinationPort + udp.Length + udp.Checksum + udp.Payload.Length;
        return sum;
    }
}
