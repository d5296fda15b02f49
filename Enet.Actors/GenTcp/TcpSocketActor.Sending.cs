using Enet.Actors.Inet;
using Enet.Actors.Tcp;
using Enet.Codecs;
using Akka.Actor;

namespace Enet.Actors.GenTcp;

// TcpSocketActor: the write side and the close. Sent packets wait in the socket's queue (inet_drv's send_pend)
// until the core's send buffer (the kernel's sndbuf) takes them; the watermarks apply to that queue.
internal sealed partial class TcpSocketActor
{
    private readonly Queue<byte[]> outQueue = new();

    /// <summary>How much of the queue's head the send buffer has taken already.</summary>
    private int headSent;
    private readonly Queue<(IActorRef Caller, GenTcp.Send Send, byte[] Framed, long Id)> blockedSends = new();

    /// <summary>With delay_send: sends queued here until the mailbox has drained, then queued as one.</summary>
    private readonly List<byte[]> delayed = [];
    private bool flushScheduled;

    /// <summary>Bytes in <see cref="outQueue"/> and <see cref="delayed"/>: getstat's send_pend.</summary>
    private int queuedBytes;
    private bool busy, writeShutdown;

    /// <summary>The FIN the socket asked for (after shutdown(write) or close), once its queue is in the send buffer.</summary>
    private TcpCloseKind? closeWanted;
    private bool finSent;

    /// <summary>Who waits for a close with linger on (answered when the connection is closed or the linger time passed).</summary>
    private IActorRef? lingerReplyTo;

    private void Send(GenTcp.Send send)
    {
        if (writeShutdown || sendRefusal is not null)
        {
            Sender.Tell(new GenTcp.Error(send, sendRefusal ?? Posix.Closed), Self);
            return;
        }
        if (!PacketFraming.TryFrame(options.Packet, send.Data.Span, out var framed))
        {
            Sender.Tell(new GenTcp.Error(send, Posix.Emsgsize), Self);
            return;
        }
        if (busy || blockedSends.Count > 0)
        {
            // inet(3) high_watermark: the caller is suspended while the socket is busy.
            if (blockedSends.Count >= MaxWaiting)
            {
                Sender.Tell(new GenTcp.Error(send, Posix.Enobufs), Self);
                return;
            }
            var id = ++sequence;
            blockedSends.Enqueue((Sender, send, framed, id));
            if (options.SendTimeout is { } timeout)
                Timers.StartSingleTimer(new SendTimeout(id), new SendTimeout(id), timeout);
            return;
        }
        Queue(framed);
        Sender.Tell(GenTcp.Ok.Instance, Self);
        Run(() => { });
    }

    /// <summary>Into the send queue, or with delay_send (or while earlier delayed sends wait, to keep the order) into the
    /// delayed queue, queued when the flush this posts to ourselves comes: after every message already in the mailbox,
    /// so a burst of sends goes out as one write. inet(3) {delay_send, Boolean}: "Normally, when an Erlang process sends
    /// to a socket, the driver tries to send the data immediately. [...] Setting {delay_send, true} makes all messages
    /// queue up. The messages sent to the network are then larger but fewer."</summary>
    private void Queue(byte[] framed)
    {
        counters.CountSent(framed.Length);
        queuedBytes += framed.Length;
        if (options.DelaySend || delayed.Count > 0)
        {
            delayed.Add(framed);
            if (!flushScheduled)
            {
                flushScheduled = true;
                Self.Tell(FlushDelayed.Instance, Self);
            }
        }
        else
            outQueue.Enqueue(framed);
        if (queuedBytes >= options.HighWatermark)
            busy = true;
    }

    /// <summary>The delayed sends as one (before a close or shutdown too, so they go ahead of the FIN).</summary>
    private void Flush()
    {
        flushScheduled = false;
        if (delayed.Count == 0)
            return;
        var joined = delayed.Count == 1 ? delayed[0] : new byte[delayed.Sum(d => d.Length)];
        if (delayed.Count > 1)
        {
            var at = 0;
            foreach (var d in delayed)
            {
                d.CopyTo(joined, at);
                at += d.Length;
            }
        }
        delayed.Clear();
        outQueue.Enqueue(joined);
    }

    /// <summary>As much of the queue as the send buffer has room for (after each call into the core, so ACKs that free
    /// room move it on); senders blocked at high_watermark go on under low_watermark; a FIN asked for follows the queue.</summary>
    private void MoveQueued()
    {
        var room = Core.SendCapacity - Core.SendQueued;
        while (room > 0 && outQueue.TryPeek(out var head) && sendRefusal is null)
        {
            var take = Math.Min(room, head.Length - headSent);
            if (Core.Send(head.AsSpan(headSent, take), Now) is { } error)
            {
                sendRefusal = GenTcp.Reason(error);
                DropQueued(sendRefusal.Value);
                break;
            }
            room -= take;
            queuedBytes -= take;
            headSent += take;
            if (headSent == head.Length)
            {
                outQueue.Dequeue();
                headSent = 0;
            }
        }
        if (busy && queuedBytes < options.LowWatermark)
            busy = false;
        while (!busy && blockedSends.TryDequeue(out var blocked))
        {
            Timers.Cancel(new SendTimeout(blocked.Id));
            Queue(blocked.Framed);
            blocked.Caller.Tell(GenTcp.Ok.Instance, Self);
        }
        if (closeWanted is { } kind && outQueue.Count == 0 && delayed.Count == 0 && !finSent)
        {
            finSent = true;
            Core.Close(kind, Now);
        }
    }

    private void DropQueued(Posix reason)
    {
        outQueue.Clear();
        headSent = 0;
        delayed.Clear();
        queuedBytes = 0;
        busy = false;
        while (blockedSends.TryDequeue(out var blocked))
        {
            Timers.Cancel(new SendTimeout(blocked.Id));
            blocked.Caller.Tell(new GenTcp.Error(blocked.Send, reason), Self);
        }
    }

    /// <summary>inet(3) send_timeout: the waiting send fails with timeout; with send_timeout_close the socket is closed,
    /// so later sends are enotconn (probed on OTP 25).</summary>
    private void OnSendTimeout(SendTimeout t)
    {
        WaitQueue.Remove(blockedSends, b => b.Id == t.Id, b => b.Caller.Tell(new GenTcp.Error(b.Send, Posix.Timeout), Self));
        if (!options.SendTimeoutClose || userClosed)
            return;
        sendRefusal = Posix.Enotconn;
        DropQueued(Posix.Enotconn);
        End(null);
        Process();
        Run(() => Core.Abort(Now));
    }

    /// <summary>gen_tcp:shutdown: write sends FIN after the queued data and reading goes on (RFC 9293 3.6, the core's
    /// confirmed close); read drops what comes.</summary>
    private void Shutdown(GenTcp.Shutdown shutdown)
    {
        if (shutdown.How is ShutdownHow.Read or ShutdownHow.ReadWrite)
        {
            readShutdown = true;
            decoder.Clear();
        }
        if (shutdown.How is ShutdownHow.Write or ShutdownHow.ReadWrite && !writeShutdown)
        {
            writeShutdown = true;
            Flush();
            CloseWhenDrained(TcpCloseKind.Confirmed);
        }
        Sender.Tell(GenTcp.Ok.Instance, Self);
        Run(() => Core.DeliverHeld(Now));
    }

    /// <summary>FIN once the queue is in the send buffer (done in <see cref="MoveQueued"/>), once.</summary>
    private void CloseWhenDrained(TcpCloseKind kind) => closeWanted ??= kind;

    /// <summary>gen_tcp:close: queued data still goes, then FIN; nothing more is delivered. With {linger, {true, 0}} a
    /// reset; with {linger, {true, T}} the answer waits for the close, T at most; otherwise it comes at once and the
    /// data goes on in the background, as the kernel does.</summary>
    private void Close(IActorRef closer)
    {
        if (userClosed)
        {
            closer.Tell(GenTcp.Ok.Instance, Self);
            return;
        }
        userClosed = true;
        Flush();
        foreach (var w in recvs)
            w.Caller.Tell(new GenTcp.Error(w.Recv, Posix.Closed), Self);
        recvs.Clear();
        while (blockedSends.TryDequeue(out var blocked))
        {
            Timers.Cancel(new SendTimeout(blocked.Id));
            blocked.Caller.Tell(new GenTcp.Error(blocked.Send, Posix.Closed), Self);
        }
        if (!connected || sendRefusal is not null || options.Linger is (true, 0))
        {
            // Not connected yet, or nothing more can be sent, or linger {true, 0}: a reset drops what is queued (after
            // the peer's FIN with exit_on_close our FIN is already out, and a reset in LAST-ACK is what Linux sends too).
            closer.Tell(GenTcp.Ok.Instance, Self);
            if (!connected || options.Linger is (true, 0) || !finSent && !peerClosed)
                Run(() => Core.Abort(Now));
            else
                Run(() => CloseWhenDrained(TcpCloseKind.Close));
            return;
        }
        if (options.Linger.On)
        {
            lingerReplyTo = closer;
            Timers.StartSingleTimer(LingerExpired.Instance, LingerExpired.Instance, TimeSpan.FromSeconds(options.Linger.Seconds));
        }
        else
            closer.Tell(GenTcp.Ok.Instance, Self);
        Run(() => CloseWhenDrained(TcpCloseKind.Close));
    }

    /// <summary>The close a linger waited for is over.</summary>
    private void AnswerClose()
    {
        Timers.Cancel(LingerExpired.Instance);
        lingerReplyTo?.Tell(GenTcp.Ok.Instance, Self);
        lingerReplyTo = null;
    }
}
