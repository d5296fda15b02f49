using Akka.Actor;

namespace Enet.Actors.Tcp;

// TcpConnection: What the user hears: Connected, the data, and how the connection ended.
public sealed partial class TcpConnection
{
    private void BecomeEstablished()
    {
        Timers.Cancel(ConnectTimeout.Instance);
        if (synTimedOut)
            rto.SynTimedOut();
        TcpCounters.Increment(ref counters.CurrEstab);
        countedEstablished = true;
        Established();
        StartKeepAlive();
        var connected = new Tcp.Connected(Id.RemoteAddress, Id.RemotePort, Id.LocalAddress, Id.LocalPort);
        switch (opening)
        {
            case Opening.Active active:
                active.Commander.Tell(connected, Self);
                break;
            case Opening.Passive passive:
                passive.Listener.Tell(TcpListener.HalfOpenEnded.Instance, Self);
                passive.Handler.Tell(connected, Self);
                break;
        }
    }

    private void LeaveEstablished()
    {
        if (countedEstablished)
            TcpCounters.Decrement(ref counters.CurrEstab);
        countedEstablished = false;
    }

    private void Deliver(ReadOnlyMemory<byte> data)
    {
        if (handler is not null && !readingSuspended)
            handler.Tell(new Tcp.Received(data), Self);
        else
        {
            undelivered.Add(data);
            undeliveredBytes += data.Length;
        }
    }

    /// <summary>Akka.IO: PeerClosed comes after all the data, so while some is held (no handler yet, or reading
    /// suspended) it waits for <see cref="DeliverHeld"/>. Without KeepOpenOnPeerClosed the connection then closes its
    /// side, as the user's CLOSE in CLOSE-WAIT (RFC 9293 3.10.4), and only then: closed while data was still held, our
    /// FIN was acknowledged, the connection ended in LAST-ACK and the held data went with it (a gen_tcp stream read
    /// after the peer closed came up short).</summary>
    private void NotifyPeerClosed()
    {
        if (undelivered.Count > 0)
        {
            peerClosedHeld = true;
            return;
        }
        Notify(Tcp.PeerClosed.Instance);
        // The user may have closed meanwhile (LAST-ACK already), or registered again with KeepOpenOnPeerClosed.
        if (keepOpenOnPeerClosed || state != TcpState.CloseWait)
            return;
        closeKind = CloseKind.AfterPeerClosed;
        finQueued = true;
        LeaveEstablished();
        LastAck();
        Output();
    }

    private IActorRef? Owner => handler ?? opening switch
    {
        Opening.Active active => active.Commander,
        Opening.Passive passive => passive.Handler,
        _ => null,
    };

    private void Notify(Tcp.ConnectionClosed closed, IActorRef? alsoTo = null)
    {
        var owner = Owner;
        owner?.Tell(closed, Self);
        if (alsoTo is not null && !alsoTo.Equals(owner))
            alsoTo.Tell(closed, Self);
    }

    /// <summary>The connection failed: before ESTABLISHED the Connect fails, after it the handler hears ErrorClosed.</summary>
    private void Fail(TcpError reason)
    {
        switch (opening)
        {
            case Opening.Active active when state is TcpState.SynSent or TcpState.SynReceived:
                TcpCounters.Increment(ref counters.AttemptFails);
                active.Commander.Tell(new Tcp.CommandFailed(active.Connect, reason), Self);
                Context.Stop(Self);
                return;
            case Opening.Passive passive when state is TcpState.SynReceived:
                TcpCounters.Increment(ref counters.AttemptFails);
                passive.Listener.Tell(TcpListener.HalfOpenEnded.Instance, Self);
                Context.Stop(Self);
                return;
        }
        Finish(new Tcp.ErrorClosed(reason), null);
    }

    private void Finish(Tcp.ConnectionClosed? closed, IActorRef? alsoTo)
    {
        LeaveEstablished();
        if (closed is not null)
            Notify(closed, alsoTo);
        Context.Stop(Self);
    }
}
