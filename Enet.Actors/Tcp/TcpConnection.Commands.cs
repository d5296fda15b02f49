using Enet.Codecs;

namespace Enet.Actors.Tcp;

// TcpConnection: User commands (RFC 9293 3.10): register, write, close, abort, pull-mode reading and NACK-mode writing.
public sealed partial class TcpConnection
{
    private void Register(Tcp.Register register)
    {
        handler = register.Handler;
        keepOpenOnPeerClosed = register.KeepOpenOnPeerClosed;
        DeliverHeld();
    }

    /// <summary>Hands what waited (for a handler, or while reading was suspended) to the handler.</summary>
    private void DeliverHeld()
    {
        if (handler is null || readingSuspended || undelivered.Count == 0)
            return;
        foreach (var data in undelivered)
            handler.Tell(new Tcp.Received(data), Self);
        undelivered.Clear();
        undeliveredBytes = 0;
        if (peerClosedHeld)
        {
            peerClosedHeld = false;
            NotifyPeerClosed();
        }
        OpenWindow();
    }

    /// <summary>The window grew (the user took held data, or the buffer grew) by enough to move its right edge (RFC 9293
    /// 3.8.6.2.2): tell the peer, or it waits for a persist probe (3.8.6.1).</summary>
    private void OpenWindow()
    {
        if (state is not (TcpState.SynSent or TcpState.SynReceived or TcpState.TimeWait) && ReceiveWindow() > receiveWindow.Offered(rcvNxt))
            SendAck();
    }

    private void Write(Tcp.Write write)
    {
        // RFC 9293 3.10.2 SEND: data is queued and sent as the window allows; a full buffer refuses the write, and
        // every later one until ResumeWriting, so the bytes that do go keep their order.
        if (writingSuspended || !sendBuffer.TryAppend(write.Data.Span))
        {
            writingSuspended = true;
            Sender.Tell(new Tcp.CommandFailed(write, TcpError.Enobufs), Self);
            return;
        }
        if (write.Ack is { } ack)
            Sender.Tell(ack, Self);
        Output();
    }

    private void ResumeWriting()
    {
        resumeWritingTo = Sender;
        TryResumeWriting();
    }

    private void TryResumeWriting()
    {
        if (resumeWritingTo is null || sendBuffer.Count > sendBuffer.Capacity / 2)
            return;
        writingSuspended = false;
        resumeWritingTo.Tell(Tcp.WritingResumed.Instance, Self);
        resumeWritingTo = null;
    }

    /// <summary>inet:setopts on a live connection; see <see cref="Tcp.SetOptions"/> for what can be refused.</summary>
    private void SetOptions(Tcp.SetOptions command)
    {
        var wanted = command.Options;
        var receive = wanted.ReceiveBuffer ?? receiveWindow.Buffer;
        var send = wanted.SendBuffer ?? sendBuffer.Capacity;
        if (receive < receiveWindow.Buffer || send < sendBuffer.Count || send <= 0)
        {
            Sender.Tell(new Tcp.CommandFailed(command, TcpError.Einval), Self);
            return;
        }
        sendBuffer.Resize(send);
        receiveWindow.Buffer = receive;
        var keepAliveWas = options.KeepAlive;
        options = wanted with { ReceiveBuffer = receive, SendBuffer = send };
        if (command.Ack is { } ack)
            Sender.Tell(ack, Self);
        if (options.KeepAlive != keepAliveWas && state is TcpState.Established or TcpState.CloseWait)
            StartKeepAlive();
        OpenWindow();
        TryResumeWriting();
        Output();
    }

    /// <summary>RFC 9293 3.10.4 CLOSE in ESTABLISHED or CLOSE-WAIT: the FIN follows the queued data.</summary>
    private void StartClose(CloseKind kind, TcpState next)
    {
        closeKind = kind;
        closeCommander = Sender;
        finQueued = true;
        LeaveEstablished();
        if (next == TcpState.FinWait1)
            FinWait1();
        else
            LastAck();
        Output();
    }

    /// <summary>RFC 9293 3.10.5 ABORT: a reset with SEQ = SND.NXT, queues dropped.</summary>
    private void Abort()
    {
        SendControl(sndNxt, TcpFlags.Rst, withMss: false);
        Finish(Tcp.Aborted.Instance, Sender);
    }
}
