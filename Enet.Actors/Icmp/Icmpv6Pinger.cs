using Enet.Actors.Ip;
using Enet.Codecs;
using Akka.Actor;

namespace Enet.Actors.Icmp;

/// <summary>One ICMPv6 ping (RFC 4443 4.1-4.2 echo), run by <see cref="EchoPinger{TAddress}"/>; the IPv6 layer writes
/// the checksum once it has picked the source.</summary>
internal sealed class Icmpv6Pinger(IActorRef ipv6, Icmpv6.Ping ping, ushort identifier, IcmpSettings settings, IActorRef requester)
    : EchoPinger<Ipv6Address>(ping.Address, ping.Count, ping.PayloadLength, ping.Interval ?? settings.PingInterval,
        ping.Timeout ?? settings.PingTimeout, identifier, requester, ping.ReportReplies)
{
    public static Props Props(IActorRef ipv6, Icmpv6.Ping ping, ushort identifier, IcmpSettings settings, IActorRef requester) =>
        ActorProps.Create(() => new Icmpv6Pinger(ipv6, ping, identifier, settings, requester));

    protected override void SendRequest(Ipv6Address to, ushort identifier, ushort sequence, byte[] data) =>
        ipv6.Tell(new Ipv6.Send(Ipv6Address.Unspecified, to, IpProtocol.Icmpv6,
            Icmpv6Responder.Echo(Icmpv6Type.EchoRequest, identifier, sequence, data), ChecksumOffset: 2), Self);

    protected override void ReceiveReplies() =>
        Receive<Icmpv6.EchoReplyReceived>(reply => OnReply(reply.From, reply.Sequence, reply.HopLimit, reply.Data.Span));

    protected override object Reply(ushort sequence, TimeSpan roundTrip, byte hopLimit) => new Icmpv6.PingReply(sequence, roundTrip, hopLimit);

    protected override object Result(Ipv6Address to, int transmitted, IEnumerable<(ushort Sequence, TimeSpan RoundTrip, byte HopLimit)> replies) =>
        new Icmpv6.PingResult(to, transmitted, [.. replies.Select(r => new Icmpv6.PingReply(r.Sequence, r.RoundTrip, r.HopLimit))]);
}
