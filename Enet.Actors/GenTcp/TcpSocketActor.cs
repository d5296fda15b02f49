using Enet.Actors.Inet;
using Enet.Actors.Tcp;
using Enet.Codecs;
using Akka.Actor;
using IoTcp = Akka.IO.Tcp;

namespace Enet.Actors.GenTcp;

/// <summary>
/// gen_tcp's face of a connection (gen_tcp(3), inet(3)): one actor around the connection's <see cref="TcpCore"/>
/// (see <see cref="TcpConnectionShell"/>), so a segment reaches the socket's owner without another actor between.
/// Received bytes go through a <see cref="PacketDecoder"/>, and only while someone takes them: the owner of an active
/// socket, or a waiting <see cref="GenTcp.Recv"/>; otherwise they stay in the core's receive buffer, whose free space is
/// the window advertised (RFC 9293 3.8.6), so recbuf bounds what a slow reader holds and the peer is slowed by TCP.
/// Sends wait in the socket's queue (send_pend) until the core's send buffer (sndbuf) has room; while the queue is at
/// high_watermark the socket is busy and senders wait (send_timeout bounds the wait). A socket made by a listen
/// socket belongs to it until <see cref="Adopt"/>: until then nothing is read. After gen_tcp:close the actor lives
/// on, unseen, until the core is CLOSED (its queue sent, FIN exchanged, TIME-WAIT over).
/// </summary>
internal sealed partial class TcpSocketActor : TcpConnectionShell
{
    /// <summary>Recv and blocked send callers a socket keeps; more are enobufs.</summary>
    public const int MaxWaiting = 1024;

    /// <summary>From the listen socket, at gen_tcp:accept: <paramref name="Owner"/> takes the socket, with the listen
    /// socket's options of now (inet(3): accepted sockets inherit them).</summary>
    internal sealed record Adopt(IActorRef Owner, TcpSocketOptions Options);

    private readonly SocketCounters counters = new();
    private readonly PacketDecoder decoder;
    private readonly IActorRef replyTo;
    private IActorRef owner;
    private TcpSocketOptions options;
    private long sequence;

    /// <summary>Established; and, for an accepted one, adopted by its owner (before that nothing is read).</summary>
    private bool connected, adopted;

    /// <summary>gen_tcp:close was called: the socket is gone for its user; the connection finishes on its own.</summary>
    private bool userClosed;

    /// <summary>The stream ended for reading; <see cref="endedError"/> is what is told first, as {tcp_error, S, Reason}
    /// or recv's reason, when it is not a plain close.</summary>
    private bool ended;
    private Posix? endedError;
    private bool endReported;

    /// <summary>The peer's FIN came: with exit_on_close our side closes too once adopted.</summary>
    private bool peerClosed;

    /// <summary>Why sends fail (null while they may go): closed, or enotconn after send_timeout_close.</summary>
    private Posix? sendRefusal;

    /// <summary>Decided inside a core call, done after it (<see cref="AfterRun"/>): a reset for a stream whose framing is
    /// lost.</summary>
    private bool abortWanted;

    internal TcpSocketActor(Endpoint endpoint, Opening opening, TcpSocketOptions socketOptions, IActorRef initialOwner, IActorRef replyTo)
        : base(endpoint, opening)
    {
        // (Parameters named apart from the fields: a handler below must read the owner of its time, not the first.)
        options = socketOptions;
        owner = initialOwner;
        this.replyTo = replyTo;
        adopted = opening is Opening.Active;
        decoder = new PacketDecoder(options.Packet, options.PacketSize, Math.Max(options.Buffer, options.PacketSize), options.LineDelimiter);
        // Until adopted the peer's FIN leaves our side open: the accepting socket's exit_on_close decides.
        Core.KeepOpenOnPeerClosed = !adopted || !options.ExitOnClose;
        Receive<GenTcp.Close>(_ => Close(Sender));
        Receive<GenTcp.Send>(s => WhenOpen(s, () => Send(s)));
        Receive<GenTcp.Recv>(r => WhenOpen(r, () => Recv(r)));
        Receive<GenTcp.Shutdown>(s => WhenOpen(s, () => Shutdown(s)));
        Receive<FlushDelayed>(_ => Run(Flush));
        Receive<RecvTimeout>(OnRecvTimeout);
        Receive<SendTimeout>(OnSendTimeout);
        Receive<LingerExpired>(_ => Run(() =>
        {
            // inet(3) linger {true, T}: when T passes the close returns and what was not sent is discarded.
            AnswerClose();
            Core.Abort(Now);
        }));
        Receive<Adopt>(a => Run(() => OnAdopt(a)));
        // From the layer, when the listen socket that held this one unaccepted closes.
        Receive<IoTcp.Abort>(_ => Run(() => Core.Abort(Now)));
        Receive<Terminated>(t =>
        {
            if (t.ActorRef.Equals(owner) && !userClosed)
                Close(ActorRefs.Nobody);
        });
        Inet();
    }

    protected override void PreStart()
    {
        Context.Watch(owner);
        base.PreStart();
    }

    /// <summary>Socket commands before the connection is made are enotconn; after close, closed.</summary>
    private void WhenOpen(object command, Action act)
    {
        if (userClosed || !connected)
            Sender.Tell(new GenTcp.Error(command, userClosed ? Posix.Closed : Posix.Enotconn), Self);
        else
            act();
    }

    private protected override void OnEvent(TcpCoreEvent e, TcpError error)
    {
        switch (e)
        {
            case TcpCoreEvent.Connected:
                connected = true;
                var id = Connection.Id;
                if (Open is Opening.Passive passive)
                {
                    passive.HalfOpenEnded(Self);
                    passive.Handler.Tell(new IoTcp.Connected(EndPoints.From(id.RemoteAddress, id.RemotePort),
                        EndPoints.From(id.LocalAddress, id.LocalPort)), Self);
                }
                else
                    replyTo.Tell(new GenTcp.Connected(Self, id.LocalAddress, id.LocalPort, id.RemoteAddress, id.RemotePort), Self);
                break;
            case TcpCoreEvent.Failed when !connected:
                if (Open is Opening.Active active && !userClosed)
                    replyTo.Tell(new GenTcp.Error(active.Connect, GenTcp.Reason(error)), Self);
                else if (Open is Opening.Passive half)
                    half.HalfOpenEnded(Self);
                break;
            case TcpCoreEvent.PeerClosed:
                peerClosed = true;
                End(null);
                // inet(3) exit_on_close: only with false may we go on sending after the peer's FIN.
                if (adopted && options.ExitOnClose)
                    sendRefusal ??= Posix.Closed;
                Ended();
                break;
            case TcpCoreEvent.Failed:
                // How the connection ended, as inet_drv reports it: a reset is closed unless show_econnreset (inet(3));
                // other errors are told as {tcp_error, S, Reason}.
                End(error == TcpError.Econnreset && !options.ShowEconnreset ? null : GenTcp.Reason(error));
                sendRefusal ??= Posix.Closed;
                Ended();
                break;
            default:
                // Closed, ConfirmedClosed (after shutdown(write): the peer's FIN is in too) or Aborted.
                End(null);
                sendRefusal ??= Posix.Closed;
                AnswerClose();
                Ended();
                break;
        }
    }

    /// <summary>A socket its owner holds stays until gen_tcp:close, answering closed or enotconn; one not yet accepted
    /// goes with its connection.</summary>
    private protected override bool OutlivesConnection => adopted && !userClosed;

    /// <summary>What was decided inside the core's call: a reset, queued data into the send buffer, a FIN.</summary>
    private protected override void AfterRun()
    {
        if (abortWanted)
        {
            abortWanted = false;
            Core.Abort(Now);
            return;
        }
        MoveQueued();
    }

    private void OnAdopt(Adopt adopt)
    {
        Context.Unwatch(owner);
        owner = adopt.Owner;
        Context.Watch(owner);
        adopted = true;
        // The connection was made with the options the listen socket had at listen; a setopts on the listen socket
        // since (nodelay, keepalive, tos) holds for the sockets it accepts from then on. Buffers stay as made.
        options = adopt.Options with { RecBuf = options.RecBuf, SndBuf = options.SndBuf, LayerRecBuf = options.LayerRecBuf, LayerSndBuf = options.LayerSndBuf };
        ApplyDecoder();
        Core.SetOptions(options.TcpOptions with { ReceiveBuffer = null, SendBuffer = null }, Now);
        Core.KeepOpenOnPeerClosed = !options.ExitOnClose;
        if (peerClosed && options.ExitOnClose)
        {
            // The FIN came before the accept: with exit_on_close our side closes now.
            sendRefusal = Posix.Closed;
            CloseWhenDrained(TcpCloseKind.Close);
        }
        Core.DeliverHeld(Now);
        Process();
    }

    private void End(Posix? error)
    {
        if (ended)
            return;
        ended = true;
        endedError = error;
    }

    /// <summary>The stream ended: queued sends that can no longer go fail, and the end is reported in turn.</summary>
    private void Ended()
    {
        if (sendRefusal is { } refusal)
            DropQueued(refusal);
        Process();
    }

    private sealed record FlushDelayed
    {
        public static FlushDelayed Instance { get; } = new();
    }

    private sealed record LingerExpired
    {
        public static LingerExpired Instance { get; } = new();
    }

    private sealed record RecvTimeout(long Id);

    private sealed record SendTimeout(long Id);
}
