using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Enet.Codecs;

namespace Enet.Benchmarks.Codecs;

/// <summary>
/// Reading every header field through the zero-copy views, against PacketDotNet doing the same work in the
/// same run (the goal: at most 1/20 of its time) and against the floor, a hand parse of the five
/// fields a demultiplexer needs with BinaryPrimitives.
/// </summary>
[MemoryDiagnoser]
public class HeaderViewBenchmarks
{
    private readonly byte[] ipv4Tcp = SampleFrames.Ipv4Tcp.ToArray();
    private readonly byte[] ipv6Udp = SampleFrames.Ipv6Udp.ToArray();

    [Benchmark(Baseline = true)]
    public long PacketDotNetIpv4TcpEveryField()
    {
        var ethernet = (PacketDotNet.EthernetPacket)PacketDotNet.Packet.ParsePacket(PacketDotNet.LinkLayers.Ethernet, ipv4Tcp);
        var ip = (PacketDotNet.IPv4Packet)ethernet.PayloadPacket;
        var tcp = (PacketDotNet.TcpPacket)ip.PayloadPacket;
        long sum = ethernet.DestinationHardwareAddress.GetHashCode() + ethernet.SourceHardwareAddress.GetHashCode() + (ushort)ethernet.Type;
        sum += ip.TypeOfService + ip.TotalLength + ip.Id + ip.FragmentOffset + ip.TimeToLive + (byte)ip.Protocol +
               ip.Checksum + ip.SourceAddress.GetHashCode() + ip.DestinationAddress.GetHashCode() + ip.FragmentFlags;
        sum += tcp.SourcePort + tcp.DestinationPort + tcp.SequenceNumber + tcp.AcknowledgmentNumber + tcp.Flags +
               tcp.WindowSize + tcp.Checksum + tcp.UrgentPointer + tcp.PayloadData.Length;
        foreach (var option in tcp.OptionsCollection)
            sum += (byte)option.Kind + option.Length;
        return sum;
    }

    [Benchmark]
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
