using Enet.Actors.Ip;
using Enet.Codecs;
using Enet.Runtime.Actor;

namespace Enet.Actors.Icmp;

/// <summary>
/// One IPv6 ping: sends the echo requests on a timer, matches replies by sequence number, and reports once
/// every request is answered or the timeout after the last one passes. Its two phases are its behaviours.
/// </summary>
internal sealed class Icmpv6Pinger : ReceiveActor
{
    private readonly IActorRef ipv6;
    private readonly Icmpv6.Ping ping;
    private readonly ushort identifier;
    private readonly IActorRef requester;
    private readonly TimeSpan interval;
    private readonly TimeSpan timeout;
    private readonly byte[] payload;
    private readonly Dictionary<ushort, DateTimeOffset> outstanding = [];
    private readonly List<Icmpv6.PingReply> replies = [];
    private ushort sent;

    public Icmpv6Pinger(IActorRef ipv6, Icmpv6.Ping ping, ushort identifier, IcmpSettings settings, IActorRef requester)
    {
        this.ipv6 = ipv6;
        this.ping = ping;
        this.identifier = identifier;
        this.requester = requester;
        interval = ping.Interval ?? settings.PingInterval;
        timeout = ping.Timeout ?? settings.PingTimeout;
        // The pattern Linux ping uses after its timestamp: byte i holds i, so a mangled echo is easy to spot.
        payload = Enumerable.Range(0, Math.Max(0, ping.PayloadLength)).Select(i => (byte)i).ToArray();
        Sending();
    }

    public static Props Props(IActorRef ipv6, Icmpv6.Ping ping, ushort identifier, IcmpSettings settings, IActorRef requester) =>
        Runtime.Actor.Props.Create(() => new Icmpv6Pinger(ipv6, ping, identifier, settings, requester));

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    protected override void PreStart() => SendNext();

    private void Sending()
    {
        Receive<Icmpv6.EchoReplyReceived>(OnReply);
        Receive<Tick>(_ => SendNext());
    }

    private void Waiting()
    {
        Receive<Icmpv6.EchoReplyReceived>(OnReply);
        Receive<Tick>(_ => Finish());
    }

    private void SendNext()
    {
        var sequence = ++sent;
        var bytes = Icmpv6Responder.Echo(Icmpv6Type.EchoRequest, identifier, sequence, payload);
        outstanding[sequence] = Now;
        if (sent < ping.Count)
            Context.Timers.StartSingleTimer(Tick.Instance, Tick.Instance, interval);
        else
        {
            Context.Timers.StartSingleTimer(Tick.Instance, Tick.Instance, timeout);
            Become(Waiting);
        }
        ipv6.Tell(new Ipv6.Send(Ipv6Address.Unspecified, ping.Address, IpProtocol.Icmpv6, bytes, ChecksumOffset: 2), Self);
    }

    private void OnReply(Icmpv6.EchoReplyReceived reply)
    {
        // A reply must carry our data unmodified (RFC 4443 4.2); a duplicate or a stranger's is ignored.
        if (reply.From != ping.Address || !reply.Data.Span.SequenceEqual(payload) || !outstanding.Remove(reply.Sequence, out var sentAt))
            return;
        replies.Add(new Icmpv6.PingReply(reply.Sequence, Now - sentAt, reply.HopLimit));
        if (sent == ping.Count && outstanding.Count == 0)
            Finish();
    }

    private void Finish()
    {
        requester.Tell(new Icmpv6.PingResult(ping.Address, sent, [.. replies.OrderBy(r => r.Sequence)]), Context.Parent);
        Context.Stop(Self);
    }

    private sealed record Tick
    {
        public static Tick Instance { get; } = new();
    }
}
