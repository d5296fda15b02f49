using Enet.Actors.Ip;
using Enet.Codecs;
using Akka.Actor;

namespace Enet.Actors.Icmp;

/// <summary>One ICMP (IPv4) ping (RFC 792 echo), run by <see cref="EchoPinger{TAddress}"/>.</summary>
internal sealed class Pinger(IActorRef ipv4, Icmp.Ping ping, ushort identifier, IcmpSettings settings, IActorRef requester)
    : EchoPinger<Ipv4Address>(ping.Address, ping.Count, ping.PayloadLength, ping.Interval ?? settings.PingInterval,
        ping.Timeout ?? settings.PingTimeout, identifier, requester, ping.ReportReplies)
{
    public static Props Props(IActorRef ipv4, Icmp.Ping ping, ushort identifier, IcmpSettings settings, IActorRef requester) =>
        ActorProps.Create(() => new Pinger(ipv4, ping, identifier, settings, requester));

    protected override void SendRequest(Ipv4Address to, ushort identifier, ushort sequence, byte[] data)
    {
        var request = Icmpv4Message.EchoRequest(identifier, sequence, data);
        var bytes = new byte[request.Length];
        request.Emit(bytes);
        ipv4.Tell(new Ipv4.Send(Ipv4Address.Any, to, IpProtocol.Icmp, bytes), Self);
    }

    protected override void ReceiveReplies() =>
        Receive<Icmp.EchoReplyReceived>(reply => OnReply(reply.From, reply.Sequence, reply.Ttl, reply.Data.Span));

    protected override object Reply(ushort sequence, TimeSpan roundTrip, byte hopLimit) => new Icmp.PingReply(sequence, roundTrip, hopLimit);

    protected override object Result(Ipv4Address to, int transmitted, IEnumerable<(ushort Sequence, TimeSpan RoundTrip, byte HopLimit)> replies) =>
        new Icmp.PingResult(to, transmitted, [.. replies.Select(r => new Icmp.PingReply(r.Sequence, r.RoundTrip, r.HopLimit))]);
}
