using Enet.Actors.Ip;
using Enet.Codecs;
using Enet.Runtime.Actor;

namespace Enet.Actors.Icmp;

/// <summary>
/// One ping: sends the echo requests on a timer, matches replies by sequence number, and reports once
/// every request is answered or the timeout after the last one passes. Its two phases are its behaviours.
/// </summary>
internal sealed class Pinger : ReceiveActor
{
    private readonly IActorRef ipv4;
    private readonly Icmp.Ping ping;
    private readonly ushort identifier;
    private readonly IActorRef requester;
    private readonly TimeSpan interval;
    private readonly TimeSpan timeout;
    private readonly byte[] payload;
    private readonly Dictionary<ushort, DateTimeOffset> outstanding = [];
    private readonly List<Icmp.PingReply> replies = [];
    private ushort sent;

    public Pinger(IActorRef ipv4, Icmp.Ping ping, ushort identifier, IcmpSettings settings, IActorRef requester)
    {
        this.ipv4 = ipv4;
        this.ping = ping;
        this.identifier = identifier;
        this.requester = requester;
        interval = ping.Interval ?? settings.PingInterval;
        timeout = ping.Timeout ?? settings.PingTimeout;
        // The pattern Linux ping uses after its timestamp: byte i holds i, so a mangled echo is easy to spot.
        payload = Enumerable.Range(0, Math.Max(0, ping.PayloadLength)).Select(i => (byte)i).ToArray();
        Sending();
    }

    public static Props Props(IActorRef ipv4, Icmp.Ping ping, ushort identifier, IcmpSettings settings, IActorRef requester) =>
        Runtime.Actor.Props.Create(() => new Pinger(ipv4, ping, identifier, settings, requester));

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    protected override void PreStart() => SendNext();

    private void Sending()
    {
        Receive<Icmp.EchoReplyReceived>(OnReply);
        Receive<Tick>(_ => SendNext());
    }

    private void Waiting()
    {
        Receive<Icmp.EchoReplyReceived>(OnReply);
        Receive<Tick>(_ => Finish());
    }

    private void SendNext()
    {
        var sequence = ++sent;
        var request = Icmpv4Message.EchoRequest(identifier, sequence, payload);
        var bytes = new byte[request.Length];
        request.Emit(bytes);
        outstanding[sequence] = Now;
        if (sent < ping.Count)
            Context.Timers.StartSingleTimer(Tick.Instance, Tick.Instance, interval);
        else
        {
            Context.Timers.StartSingleTimer(Tick.Instance, Tick.Instance, timeout);
            Become(Waiting);
        }
        ipv4.Tell(new Ipv4.Send(Ipv4Address.Any, ping.Address, IpProtocol.Icmp, bytes), Self);
    }

    private void OnReply(Icmp.EchoReplyReceived reply)
    {
        // A reply must carry our data unmodified (RFC 792); a duplicate or a stranger's is ignored.
        if (reply.From != ping.Address || !reply.Data.Span.SequenceEqual(payload) || !outstanding.Remove(reply.Sequence, out var sentAt))
            return;
        replies.Add(new Icmp.PingReply(reply.Sequence, Now - sentAt, reply.Ttl));
        if (sent == ping.Count && outstanding.Count == 0)
            Finish();
    }

    private void Finish()
    {
        requester.Tell(new Icmp.PingResult(ping.Address, sent, [.. replies.OrderBy(r => r.Sequence)]), Context.Parent);
        Context.Stop(Self);
    }

    private sealed record Tick
    {
        public static Tick Instance { get; } = new();
    }
}
