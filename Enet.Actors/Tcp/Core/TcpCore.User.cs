using Enet.Codecs;

namespace Enet.Actors.Tcp;

// TcpCore: User calls (RFC 9293 3.10): send, close, abort, options, and handing over held data.
public sealed partial class TcpCore
{
    /// <summary>RFC 9293 3.10.2 SEND: <paramref name="data"/> is queued and sent as the window allows. Null when it was
    /// taken; enobufs when the send buffer cannot hold it all (nothing is taken); enotconn before ESTABLISHED; closed
    /// once the user closed.</summary>
    public TcpError? Send(ReadOnlySpan<byte> data, DateTimeOffset time)
    {
        now = time;
        if (State is not (TcpState.Established or TcpState.CloseWait))
            return Handshaking ? TcpError.Enotconn : TcpError.Closed;
        if (!sendBuffer.TryAppend(data))
            return TcpError.Enobufs;
        Output();
        return null;
    }

    /// <summary>RFC 9293 3.10.4 CLOSE in ESTABLISHED or CLOSE-WAIT: the FIN follows the queued data. Null when the
    /// close began; an error when the state allows none.</summary>
    public TcpError? Close(TcpCloseKind kind, DateTimeOffset time)
    {
        now = time;
        if (State is not (TcpState.Established or TcpState.CloseWait))
            return Handshaking ? TcpError.Enotconn : TcpError.Closed;
        closeKind = kind;
        finQueued = true;
        LeaveEstablished();
        State = State == TcpState.Established ? TcpState.FinWait1 : TcpState.LastAck;
        keepAliveDeadline = null;
        Output();
        return null;
    }

    /// <summary>RFC 9293 3.10.5 ABORT: a reset with SEQ = SND.NXT, queues dropped. Before ESTABLISHED the open fails
    /// (closed); in TIME-WAIT the connection just ends.</summary>
    public void Abort(DateTimeOffset time)
    {
        now = time;
        switch (State)
        {
            case TcpState.Closed:
                return;
            case TcpState.SynSent or TcpState.SynReceived:
                Fail(TcpError.Closed);
                return;
            case TcpState.TimeWait:
                Finish(null);
                return;
            default:
                SendControl(sndNxt, TcpFlags.Rst);
                Finish(TcpCoreEvent.Aborted);
                return;
        }
    }

    /// <summary>inet:setopts on a live connection: false (einval, nothing applied) for a receive buffer smaller than
    /// now, which would withdraw window already advertised (RFC 9293 3.8.6 strongly discourages shrinking it), or a
    /// send buffer that cannot hold what it queues. A null buffer size leaves the buffer as it is.</summary>
    public bool SetOptions(TcpOptions wanted, DateTimeOffset time)
    {
        now = time;
        var receive = wanted.ReceiveBuffer ?? receiveWindow.Buffer;
        var send = wanted.SendBuffer ?? sendBuffer.Capacity;
        if (receive < receiveWindow.Buffer || send < sendBuffer.Count || send <= 0)
            return false;
        sendBuffer.Resize(send);
        receiveWindow.Buffer = receive;
        var keepAliveWas = Options.KeepAlive;
        Options = wanted with { ReceiveBuffer = receive, SendBuffer = send };
        if (Options.KeepAlive != keepAliveWas && State is TcpState.Established or TcpState.CloseWait)
            StartKeepAlive();
        OpenWindow();
        Output();
        return true;
    }

    /// <summary>The user can take data again: hands over what was held (until <see cref="ITcpCoreHost.Deliver"/>
    /// refuses), the PeerClosed that waited behind it, and opens the window by what was taken.</summary>
    public void DeliverHeld(DateTimeOffset time)
    {
        now = time;
        if (held.Count == 0)
            return;
        while (held.TryPeek(out var data) && host.Deliver(data))
        {
            held.Dequeue();
            heldBytes -= data.Length;
        }
        if (held.Count > 0)
            return;
        if (peerClosedHeld)
        {
            peerClosedHeld = false;
            NotifyPeerClosed();
        }
        OpenWindow();
    }

    private void Deliver(ReadOnlyMemory<byte> data)
    {
        if (held.Count == 0 && host.Deliver(data))
            return;
        held.Enqueue(data);
        heldBytes += data.Length;
    }

    /// <summary>PeerClosed comes after all the data, so while some is held it waits for <see cref="DeliverHeld"/>.
    /// Without <see cref="KeepOpenOnPeerClosed"/> the connection then closes its side, as the user's CLOSE in
    /// CLOSE-WAIT (RFC 9293 3.10.4), and only then: closed while data was still held, our FIN was acknowledged, the
    /// connection ended in LAST-ACK and the held data went with it.</summary>
    private void NotifyPeerClosed()
    {
        if (held.Count > 0)
        {
            peerClosedHeld = true;
            return;
        }
        host.Event(TcpCoreEvent.PeerClosed);
        // The user may have closed meanwhile (LAST-ACK already), or asked to stay open.
        if (KeepOpenOnPeerClosed || State != TcpState.CloseWait)
            return;
        Close(TcpCloseKind.AfterPeerClosed, now);
    }
}
