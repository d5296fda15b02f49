using Enet.Codecs;
using Enet.Tap;
using Xunit;

namespace Enet.Tests.Actors;

/// <summary>
/// A raw endpoint on an in-memory wire standing in for a neighbour: it answers ARP requests for its
/// addresses with its MAC, sends hand-made IPv4 packets, and hands back the IPv4 packets the stack sends it.
/// </summary>
public sealed class WireProbe(ILink link, MacAddress mac, params Ipv4Address[] addresses) : IDisposable
{
    public MacAddress Mac => mac;

    /// <summary>ARP requests the stack sent, by the address asked for; not its announcements of its own address (RFC
    /// 5227 2.3: sender and target address the same), which a host sends as it starts, whenever this probe plugs in.</summary>
    public List<Ipv4Address> ArpRequests { get; } = [];

    /// <summary>Sends <paramref name="packet"/> (an IPv4 header and payload) in an Ethernet frame to <paramref name="to"/>.</summary>
    public void Send(MacAddress to, ReadOnlySpan<byte> packet) =>
        Assert.True(link.TrySend(TestFrames.Ethernet(to, mac, EtherType.Ipv4, packet)));

    public void Send(MacAddress to, Ipv4Header header, ReadOnlySpan<byte> payload)
    {
        var packet = new byte[header.Length + payload.Length];
        header.Emit(packet, payload.Length);
        payload.CopyTo(packet.AsSpan(header.Length));
        Send(to, packet);
    }

    /// <summary>The next IPv4 packet sent to this probe, with the Ethernet destination it came to; null when none
    /// comes within <paramref name="timeout"/>.</summary>
    public (byte[] Packet, MacAddress To)? Next(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            byte[] bytes;
            try
            {
                using var frame = link.Received.ReadAsync(cancel.Token).AsTask().GetAwaiter().GetResult();
                bytes = frame.Span.ToArray();
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            if (Take(bytes, out _) is { } packet)
                return packet;
        }
    }

    /// <summary>The IPv4 packet in frame <paramref name="bytes"/>, or null after answering it when it is an ARP request
    /// for one of our addresses (<paramref name="answered"/>) or ignoring anything else.</summary>
    private (byte[] Packet, MacAddress To)? Take(byte[] bytes, out bool answered)
    {
        answered = false;
        if (!EthernetFrame.TryParse(bytes, out var ethernet, out _))
            return null;
        if (ethernet.EtherType == EtherType.Ipv4 && Ipv4Packet.TryParse(ethernet.Payload, out var ip, out _))
            return (ethernet.Payload[..ip.TotalLength].ToArray(), ethernet.Destination);
        if (ArpMessage.TryDecode(ethernet.Payload, out var arp, out _) && arp.Operation == ArpOperation.Request)
        {
            if (arp.SenderProtocolAddress != arp.TargetProtocolAddress)
                ArpRequests.Add(arp.TargetProtocolAddress);
            if (addresses.Contains(arp.TargetProtocolAddress))
                answered = link.TrySend(TestFrames.Arp(arp.SenderHardwareAddress,
                    ArpMessage.Reply(mac, arp.TargetProtocolAddress, arp.SenderHardwareAddress, arp.SenderProtocolAddress)));
        }
        return null;
    }

    public byte[] NextIpv4(TimeSpan? timeout = null) =>
        Next(timeout ?? TimeSpan.FromSeconds(5))?.Packet ?? throw new Xunit.Sdk.XunitException("no IPv4 packet arrived");

    /// <summary>
    /// Every IPv4 packet the stack has sent this probe once it is idle (<paramref name="awaitIdle"/>, the kit's
    /// AwaitIdle): an ARP request the probe answers on the way sets off more, so it waits again after each answer.
    /// </summary>
    public List<byte[]> Drain(Action awaitIdle)
    {
        var packets = new List<byte[]>();
        bool answered;
        do
        {
            awaitIdle();
            answered = false;
            while (link.Received.TryRead(out var frame))
                using (frame)
                {
                    if (Take(frame.Span.ToArray(), out var answer) is { } packet)
                        packets.Add(packet.Packet);
                    answered |= answer;
                }
        }
        while (answered);
        return packets;
    }

    public void Dispose() => link.Dispose();
}
