namespace Enet.Actors.Tcp;

// TcpConnection: The RFC 9293 3.3.2 states as behaviours, and the messages each takes.
public sealed partial class TcpConnection
{
    private void SynSent()
    {
        state = TcpState.SynSent;
        Become(() =>
        {
            Receive<Inbound>(i => { if (TryRead(i.Segment, out var s)) OnSynSent(s); });
            Receive<RetransmitTick>(_ => OnRetransmitTick());
            Receive<ConnectTimeout>(_ => Fail(TcpError.Etimedout));
            Receive<Tcp.Abort>(_ => Fail(TcpError.Closed));
            Common();
        });
    }

    private void SynReceived()
    {
        state = TcpState.SynReceived;
        Become(() =>
        {
            Receive<Inbound>(i => { if (TryRead(i.Segment, out var s)) OnSynchronized(s, i.Segment); });
            Receive<RetransmitTick>(_ => OnRetransmitTick());
            Receive<ConnectTimeout>(_ => Fail(TcpError.Etimedout));
            Receive<Tcp.Abort>(_ => Fail(TcpError.Closed));
            Common();
        });
    }

    private void Established()
    {
        state = TcpState.Established;
        Become(() =>
        {
            Receive<Tcp.Close>(_ => StartClose(CloseKind.Close, TcpState.FinWait1));
            Receive<Tcp.ConfirmedClose>(_ => StartClose(CloseKind.Confirmed, TcpState.FinWait1));
            Open();
        });
    }

    private void CloseWait()
    {
        state = TcpState.CloseWait;
        Become(() =>
        {
            Receive<Tcp.Close>(_ => StartClose(CloseKind.Close, TcpState.LastAck));
            Receive<Tcp.ConfirmedClose>(_ => StartClose(CloseKind.Confirmed, TcpState.LastAck));
            Open();
        });
    }

    private void FinWait1() => Closing(TcpState.FinWait1);

    private void FinWait2()
    {
        // An orphan (Close, not ConfirmedClose) must not wait for the peer's FIN for ever (Linux tcp_fin_timeout).
        if (closeKind == CloseKind.Close)
            Timers.StartSingleTimer(FinWait2Expired.Instance, FinWait2Expired.Instance, 2 * settings.MaximumSegmentLifetime);
        Closing(TcpState.FinWait2);
    }

    private void ClosingState() => Closing(TcpState.Closing);

    private void LastAck() => Closing(TcpState.LastAck);

    private void TimeWait()
    {
        state = TcpState.TimeWait;
        Timers.Cancel(RetransmitTick.Instance);
        Timers.Cancel(PersistTick.Instance);
        Timers.Cancel(KeepAliveTick.Instance);
        Timers.Cancel(FinWait2Expired.Instance);
        // RFC 9293 3.6: TIME-WAIT lasts 2 MSL, so old duplicates die out and a lost final ACK can be resent.
        Timers.StartSingleTimer(TimeWaitExpired.Instance, TimeWaitExpired.Instance, 2 * settings.MaximumSegmentLifetime);
        Become(() =>
        {
            Receive<Inbound>(i => { if (TryRead(i.Segment, out var s)) OnSynchronized(s, i.Segment); });
            Receive<TimeWaitExpired>(_ => Context.Stop(Self));
            Receive<Tcp.Write>(w => Sender.Tell(new Tcp.CommandFailed(w, TcpError.Closed), Self));
            Receive<Tcp.Abort>(_ => Context.Stop(Self));
            Common();
        });
    }

    /// <summary>The states after our FIN is queued: no more writes, segments still processed.</summary>
    private void Closing(TcpState closing)
    {
        state = closing;
        Become(() =>
        {
            Receive<Inbound>(i => { if (TryRead(i.Segment, out var s)) OnSynchronized(s, i.Segment); });
            Receive<RetransmitTick>(_ => OnRetransmitTick());
            Receive<PersistTick>(_ => OnPersistTick());
            Receive<DelayedAckTick>(_ => OnDelayedAckTick());
            Receive<FinWait2Expired>(_ => Context.Stop(Self));
            Receive<Tcp.Write>(w => Sender.Tell(new Tcp.CommandFailed(w, TcpError.Closed), Self));
            Receive<Tcp.Abort>(_ => Abort());
            Receive<Tcp.Register>(Register);
            Common();
        });
    }

    /// <summary>ESTABLISHED and CLOSE-WAIT: we may still send.</summary>
    private void Open()
    {
        Receive<Inbound>(i => { if (TryRead(i.Segment, out var s)) OnSynchronized(s, i.Segment); });
        Receive<RetransmitTick>(_ => OnRetransmitTick());
        Receive<PersistTick>(_ => OnPersistTick());
        Receive<DelayedAckTick>(_ => OnDelayedAckTick());
        Receive<KeepAliveTick>(_ => OnKeepAliveTick());
        Receive<Tcp.Register>(Register);
        Receive<Tcp.Write>(Write);
        Receive<Tcp.ResumeWriting>(_ => ResumeWriting());
        Receive<Tcp.Abort>(_ => Abort());
        Common();
    }

    /// <summary>Last in every behaviour: queries, stale timers, and commands the state has no use for.</summary>
    private void Common()
    {
        Receive<Tcp.SuspendReading>(_ => readingSuspended = true);
        Receive<Tcp.ResumeReading>(_ =>
        {
            readingSuspended = false;
            DeliverHeld();
        });
        Receive<Tcp.GetConnectionInfo>(_ => Sender.Tell(new Tcp.ConnectionInfo(state, sndUna.Value, sndNxt.Value, sndWnd, rcvNxt.Value,
            ReceiveWindow(), sendMss, rto.Current, rto.SmoothedRtt, options, congestion.Window, congestion.SlowStartThreshold,
            congestion.FastRetransmits, sndScale, receiveWindow.Shift, persist.Unanswered), Self));
        Receive<Tcp.SetOptions>(SetOptions);
        Receive<ConnectTimeout>(_ => { });
        Receive<TimeWaitExpired>(_ => { });
        Receive<FinWait2Expired>(_ => { });
        Receive<RetransmitTick>(_ => { });
        Receive<PersistTick>(_ => { });
        Receive<DelayedAckTick>(_ => { });
        Receive<KeepAliveTick>(_ => { });
        Receive<Tcp.Command>(c => Sender.Tell(new Tcp.CommandFailed(c, state is TcpState.SynSent or TcpState.SynReceived
            ? TcpError.Enotconn : TcpError.Closed), Self));
    }
}
