using Enet.Actors.Inet;
using Enet.Codecs;
using Akka.Actor;
using IoTcp = Akka.IO.Tcp;

namespace Enet.Actors.Tcp;

/// <summary>
/// A socket in LISTEN (RFC 9293 3.10.7.2) for one port: answers an ACK with a reset, ignores a RST, and for a SYN
/// asks the layer for a connection in SYN-RECEIVED while fewer than the backlog are half-open (the bounded SYN
/// backlog of RFC 4987 3.2). Established connections report straight to the bind handler.
/// </summary>
public sealed class TcpListener : ReceiveActor
{
    /// <summary>From the layer: a segment for our port that no connection holds.</summary>
    internal sealed record Inbound(InetAddress Source, InetAddress Destination, Bytes Segment);

    /// <summary>From a connection this listener asked for (or from the layer when it could not make one): it is
    /// no longer half-open.</summary>
    internal sealed record HalfOpenEnded
    {
        public static HalfOpenEnded Instance { get; } = new();
    }

    /// <summary>The half-open connections the stack's own listeners keep (RFC 4987 3.2's bounded SYN backlog; gen_tcp's
    /// backlog option bounds its accept queue instead, as listen(2)'s does). Akka.IO's default, 1024, suits a kernel's
    /// SYN-RECEIVED entries of a few hundred bytes; ours hold a connection with its buffers each.</summary>
    public const int SynBacklog = 128;

    /// <summary>What a Bind asked for: <paramref name="Handler"/> hears Connected from each accepted connection, which
    /// takes <paramref name="Options"/> and, with <paramref name="PullMode"/>, reads only on ResumeReading; each shows
    /// <paramref name="Face"/>.</summary>
    internal sealed record Listening(IActorRef Handler, ushort Port, int Backlog, TcpOptions Options, bool PullMode, IConnectionFace Face);

    private readonly IActorRef ipv4;
    private readonly IActorRef? ipv6;
    private readonly IActorRef layer;
    private readonly TcpCounters counters;
    private readonly Listening bind;
    private int halfOpen;

    internal TcpListener(IActorRef ipv4, IActorRef? ipv6, IActorRef layer, TcpCounters counters, Listening bind)
    {
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
        this.layer = layer;
        this.counters = counters;
        this.bind = bind;
        Receive<Inbound>(OnInbound);
        Receive<HalfOpenEnded>(_ => halfOpen--);
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

    internal static Props Props(IActorRef ipv4, IActorRef? ipv6, IActorRef layer, TcpCounters counters, Listening bind) =>
        ActorProps.Create(() => new TcpListener(ipv4, ipv6, layer, counters, bind));

    /// <summary>The handler's death unbinds, as an owner's death closes an Erlang listen socket.</summary>
    protected override void PreStart() => Context.Watch(bind.Handler);

    private void OnInbound(Inbound inbound)
    {
        if (!TcpPacket.TryParse(inbound.Segment.Span, out var segment, out _))
            return;
        var id = new ConnectionId(inbound.Destination, segment.DestinationPort, inbound.Source, segment.SourcePort);
        var flags = segment.Flags;
        // RFC 9293 3.10.7.2: first check for a RST (ignore it), second for an ACK (reset), third for a SYN.
        if (flags.HasFlag(TcpFlags.Rst))
            return;
        if (flags.HasFlag(TcpFlags.Ack))
        {
            TcpOutput.Reset(id.IsIpv4 ? ipv4 : ipv6!, Self, counters, id, segment);
            return;
        }
        if (!flags.HasFlag(TcpFlags.Syn))
            return;
        // RFC 4987 3.2: a full backlog drops the SYN; the peer retransmits it.
        if (halfOpen >= bind.Backlog)
            return;
        halfOpen++;
        layer.Tell(new TcpLayer.OpenPassive(id, inbound.Segment, bind), Self);
    }
}
