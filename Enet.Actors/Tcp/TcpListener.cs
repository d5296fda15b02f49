using Enet.Actors.Ip;
using Enet.Codecs;
using Akka.Actor;
using IoTcp = Akka.IO.Tcp;

namespace Enet.Actors.Tcp;

/// <summary>
/// A socket in LISTEN (RFC 9293 3.10.7.2) for one port: answers an ACK with a reset, ignores a RST, and for a SYN
/// asks the layer for a connection in SYN-RECEIVED while fewer than the backlog are half-open (the bounded SYN
/// backlog of RFC 4987 3.2). Beyond the backlog (or for every SYN, as <see cref="TcpSettings.SynCookies"/> says) a SYN
/// gets a SYN cookie instead (RFC 4987 3.6, <see cref="SynCookies"/>), and, while cookies are out, an ACK no connection
/// holds is checked for one: a valid one asks the layer for a connection in ESTABLISHED, others are dropped, counted.
/// Established connections report straight to the bind handler.
/// </summary>
public sealed class TcpListener : ReceiveActor
{
    /// <summary>From the layer: a segment for our port that no connection holds, and the MSS of the route back.</summary>
    internal sealed record Inbound(Ipv4Address Source, Ipv4Address Destination, Bytes Segment, int Mss);

    /// <summary>From a connection this listener asked for (or from the layer when it could not make one): it is
    /// no longer half-open.</summary>
    internal sealed record HalfOpenEnded
    {
        public static HalfOpenEnded Instance { get; } = new();
    }

    /// <summary>From the layer: the connection a cookie's ACK asked for is in its table (or never will be): segments for
    /// it no longer come here.</summary>
    internal sealed record CookieOpened(ConnectionId Id);

    /// <summary>The half-open connections the stack's own listeners keep (RFC 4987 3.2's bounded SYN backlog; gen_tcp's
    /// backlog option bounds its accept queue instead, as listen(2)'s does). Akka.IO's default, 1024, suits a kernel's
    /// SYN-RECEIVED entries of a few hundred bytes; ours hold a connection with its buffers each.</summary>
    public const int SynBacklog = 128;

    /// <summary>What a Bind asked for: <paramref name="Handler"/> hears Connected from each accepted connection, which
    /// takes <paramref name="Options"/> and, with <paramref name="PullMode"/>, reads only on ResumeReading; each shows
    /// <paramref name="Face"/>.</summary>
    internal sealed record Listening(IActorRef Handler, ushort Port, int Backlog, TcpOptions Options, bool PullMode, IConnectionFace Face);

    private readonly Ipv4Output ipv4;
    private readonly IActorRef layer;
    private readonly TcpCounters counters;
    private readonly TcpSettings settings;
    private readonly SynCookies cookies;
    private readonly Listening bind;
    private int halfOpen;

    /// <summary>When the last cookie went out: until <see cref="SynCookies.Validity"/> after it, ACKs are checked.</summary>
    private DateTimeOffset? lastCookie;

    /// <summary>Connections a cookie's ACK asked the layer for, until it has them: a segment for one that comes here
    /// meanwhile (data right behind the ACK) follows to the layer rather than failing the cookie check, its sequence
    /// number being past the SYN's. At most as many as the layer's connections.</summary>
    private readonly HashSet<ConnectionId> opening = [];

    internal TcpListener(Ipv4Output ipv4, IActorRef layer, TcpCounters counters, TcpSettings settings, SynCookies cookies, Listening bind)
    {
        this.ipv4 = ipv4;
        this.layer = layer;
        this.counters = counters;
        this.settings = settings;
        this.cookies = cookies;
        this.bind = bind;
        Receive<Inbound>(OnInbound);
        Receive<HalfOpenEnded>(_ => halfOpen--);
        Receive<CookieOpened>(o => opening.Remove(o.Id));
        Receive<IoTcp.Unbind>(_ =>
        {
            // The layer answers once the port is out of its table: an Unbound from here could overtake that.
            layer.Tell(new TcpLayer.Unbinding(bind.Port, Sender), Self);
            Context.Stop(Self);
        });
        Receive<Terminated>(t =>
        {
            if (t.ActorRef.Equals(bind.Handler))
                Context.Stop(Self);
        });
    }

    internal static Props Props(Ipv4Output ipv4, IActorRef layer, TcpCounters counters, TcpSettings settings, SynCookies cookies,
        Listening bind) =>
        ActorProps.Create(() => new TcpListener(ipv4, layer, counters, settings, cookies, bind));

    /// <summary>The handler's death unbinds, as an owner's death closes an Erlang listen socket.</summary>
    protected override void PreStart() => Context.Watch(bind.Handler);

    private void OnInbound(Inbound inbound)
    {
        if (!TcpPacket.TryParse(inbound.Segment.Span, out var segment, out _))
            return;
        var id = new ConnectionId(inbound.Destination, segment.DestinationPort, inbound.Source, segment.SourcePort);
        if (opening.Contains(id))
        {
            layer.Tell(new TcpLayer.Forward(id, inbound.Segment), Self);
            return;
        }
        var flags = segment.Flags;
        // RFC 9293 3.10.7.2: first check for a RST (ignore it), second for an ACK (reset), third for a SYN.
        if (flags.HasFlag(TcpFlags.Rst))
            return;
        var now = Context.System.Scheduler.Now;
        if (flags.HasFlag(TcpFlags.Ack))
        {
            if (!flags.HasFlag(TcpFlags.Syn) && CookiesOut(now))
                CookieAck(inbound, segment, id, now);
            else
                TcpOutput.Reset(ipv4, Self, counters, id, segment);
            return;
        }
        if (!flags.HasFlag(TcpFlags.Syn))
            return;
        if (settings.SynCookies == SynCookieMode.Always || halfOpen >= bind.Backlog && settings.SynCookies == SynCookieMode.On)
        {
            SendCookie(inbound, segment, id, now);
            return;
        }
        // RFC 4987 3.2: a full backlog drops the SYN; the peer retransmits it.
        if (halfOpen >= bind.Backlog)
            return;
        halfOpen++;
        layer.Tell(new TcpLayer.OpenPassive(id, inbound.Segment, bind), Self);
    }

    private bool CookiesOut(DateTimeOffset now) =>
        settings.SynCookies == SynCookieMode.Always || lastCookie is { } last && now - last < SynCookies.Validity;

    /// <summary>RFC 4987 3.6: the SYN,ACK whose ISS is the cookie; nothing is kept.</summary>
    private void SendCookie(Inbound inbound, TcpPacket syn, ConnectionId id, DateTimeOffset now)
    {
        var synAck = cookies.Answer(syn, id, inbound.Mss, bind.Options.ReceiveBuffer ?? settings.ReceiveBuffer, settings, now);
        TcpOutput.Send(ipv4, Self, counters, id, synAck, bind.Options.Tos);
        TcpCounters.Increment(ref counters.SynCookiesSent);
        lastCookie = now;
    }

    /// <summary>An ACK that brings back a cookie of ours makes the connection; any other is dropped, and counted, rather
    /// than reset, while cookies are out (a flood of forged ACKs gets nothing back).</summary>
    private void CookieAck(Inbound inbound, TcpPacket ack, ConnectionId id, DateTimeOffset now)
    {
        if (!cookies.TryAccept(ack, id, settings, now, out var cookie))
        {
            TcpCounters.Increment(ref counters.SynCookiesRejected);
            return;
        }
        TcpCounters.Increment(ref counters.SynCookiesAccepted);
        if (opening.Count < settings.MaxConnections)
            opening.Add(id);
        layer.Tell(new TcpLayer.OpenPassive(id, inbound.Segment, bind, cookie), Self);
    }
}
