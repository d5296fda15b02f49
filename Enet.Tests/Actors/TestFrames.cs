using Enet.Actors.Interface;
using Enet.Codecs;

namespace Enet.Tests.Actors;

/// <summary>Frames built with the codecs for stack tests, and a link that records what the stack sent.</summary>
public static class TestFrames
{
    public static readonly MacAddress HostA = MacAddress.Parse("02:00:00:00:00:0a");
    public static readonly MacAddress HostB = MacAddress.Parse("02:00:00:00:00:0b");
    public static readonly MacAddress Stranger = MacAddress.Parse("02:00:00:00:00:ee");

    public static byte[] Ethernet(MacAddress destination, MacAddress source, EtherType etherType, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[Math.Max(EthOutput.MinimumFrameLength, 14 + payload.Length)];
        new EthernetHeader(destination, source, etherType).Emit(frame);
        payload.CopyTo(frame.AsSpan(14));
        return frame;
    }

    public static byte[] Arp(MacAddress destination, ArpMessage message)
    {
        var payload = new byte[message.Length];
        message.Emit(payload);
        return Ethernet(destination, message.SenderHardwareAddress, EtherType.Arp, payload);
    }

    public static byte[] Ipv4(MacAddress destination, MacAddress source, Ipv4Header header, ReadOnlySpan<byte> payload)
    {
        var packet = new byte[header.Length + payload.Length];
        header.Emit(packet, payload.Length);
        payload.CopyTo(packet.AsSpan(header.Length));
        return Ethernet(destination, source, EtherType.Ipv4, packet);
    }

    public static byte[] EchoRequest(MacAddress destination, MacAddress source, Ipv4Address from, Ipv4Address to, ushort id, ushort sequence, byte[] data)
    {
        var icmp = Icmpv4Message.EchoRequest(id, sequence, data);
        var bytes = new byte[icmp.Length];
        icmp.Emit(bytes);
        return Ipv4(destination, source, Ipv4Header.Create(from, to, IpProtocol.Icmp), bytes);
    }

    /// <summary>An <see cref="IFrameSender"/> that keeps copies of everything sent.</summary>
    public sealed class RecordingLink : IFrameSender
    {
        private readonly List<byte[]> sent = [];

        public bool Accept { get; set; } = true;

        public IReadOnlyList<byte[]> Sent
        {
            get
            {
                lock (sent)
                    return [.. sent];
            }
        }

        public bool TrySend(ReadOnlySpan<byte> frame)
        {
            if (!Accept)
                return false;
            lock (sent)
                sent.Add(frame.ToArray());
            return true;
        }
    }
}
