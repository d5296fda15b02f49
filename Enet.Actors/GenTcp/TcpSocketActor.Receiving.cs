using Enet.Actors.Inet;
using Enet.Codecs;
using Akka.Actor;

namespace Enet.Actors.GenTcp;

// TcpSocketActor: the read side. Data is taken from the core only while someone takes packets; whole packets go to
// the owner (active) or the recv callers (passive), and the end of the stream is told after them.
internal sealed partial class TcpSocketActor
{
    private readonly Queue<(IActorRef Caller, GenTcp.Recv Recv, long Id)> recvs = new();
    private bool readShutdown;

    /// <summary>Read while the owner of an active socket or a waiting recv takes packets; a closed or read-shut socket
    /// takes and drops.</summary>
    private bool WantsData => userClosed || readShutdown || adopted && (options.Active.Kind != ActiveModeKind.False || recvs.Count > 0);

    private protected override bool Deliver(ReadOnlyMemory<byte> data)
    {
        if (!WantsData)
            return false;
        if (userClosed || readShutdown)
            return true;
        decoder.Append(data.Span);
        Process();
        return true;
    }

    /// <summary>Hands out whole packets while someone takes them: the owner while active, else the recv callers in
    /// order; then reports the end once everything before it is out.</summary>
    private void Process()
    {
        if (userClosed || !adopted)
            return;
        while (true)
        {
            if (options.Active.Kind != ActiveModeKind.False)
            {
                var result = decoder.TryTake(out var packet, out var wire);
                if (result == PacketResult.TooLarge)
                {
                    TooLarge(null);
                    break;
                }
                if (result != PacketResult.Packet)
                    break;
                counters.CountReceived(wire);
                var (header, body) = Split(packet);
                owner.Tell(new GenTcp.Data(Self, body, header), Self);
                CountDelivery();
            }
            else if (recvs.TryPeek(out var waiting))
            {
                if (!TryServe(waiting.Caller, waiting.Recv))
                    break;
                recvs.Dequeue();
                Timers.Cancel(new RecvTimeout(waiting.Id));
            }
            else
                break;
        }
        if (!ended || endReported)
            return;
        if (options.Active.Kind != ActiveModeKind.False)
        {
            endReported = true;
            if (endedError is { } error)
                owner.Tell(new GenTcp.TcpError(Self, error), Self);
            owner.Tell(new GenTcp.TcpClosed(Self), Self);
        }
        else if (recvs.Count > 0)
        {
            // inet(3): "a partial read may be discarded": what is left cannot make a packet any more.
            endReported = true;
            decoder.Clear();
            var first = true;
            while (recvs.TryDequeue(out var w))
            {
                Timers.Cancel(new RecvTimeout(w.Id));
                w.Caller.Tell(new GenTcp.Error(w.Recv, first ? endedError ?? Posix.Closed : Posix.Enotconn), Self);
                first = false;
            }
        }
    }

    /// <summary>One recv: raw with a length takes exactly that many bytes; otherwise the next packet.</summary>
    private bool TryServe(IActorRef caller, GenTcp.Recv recv)
    {
        byte[] data;
        int wire;
        if (recv.Length > 0)
        {
            if (!decoder.TryTakeExactly(recv.Length, out data))
                return false;
            wire = data.Length;
        }
        else
        {
            var result = decoder.TryTake(out data, out wire);
            if (result == PacketResult.TooLarge)
            {
                TooLarge((caller, recv));
                return true;
            }
            if (result != PacketResult.Packet)
                return false;
        }
        counters.CountReceived(wire);
        var (header, body) = Split(data);
        caller.Tell(new GenTcp.Received(body, header), Self);
        return true;
    }

    /// <summary>A header beyond packet_size: the stream has lost its framing, so the connection goes (a reset: what
    /// follows cannot be read) after the owner or the recv caller hears emsgsize.</summary>
    private void TooLarge((IActorRef Caller, GenTcp.Recv Recv)? caller)
    {
        decoder.Clear();
        abortWanted = true;
        End(Posix.Emsgsize);
        sendRefusal = Posix.Closed;
        if (caller is { } c)
        {
            c.Caller.Tell(new GenTcp.Error(c.Recv, Posix.Emsgsize), Self);
            endedError = null;
        }
    }

    private (Bytes Header, Bytes Body) Split(byte[] packet)
    {
        if (options.Header == 0)
            return (default, packet);
        var n = Math.Min(options.Header, packet.Length);
        return (new Bytes(packet.AsMemory(0, n)), new Bytes(packet.AsMemory(n)));
    }

    /// <summary>{active, once} goes passive after one packet, {active, N} after N with {tcp_passive, S}.</summary>
    private void CountDelivery()
    {
        switch (options.Active.Kind)
        {
            case ActiveModeKind.Once:
                options = options with { Active = ActiveMode.False };
                break;
            case ActiveModeKind.Count:
                options = options with { Active = options.Active.N > 1 ? ActiveMode.Count(options.Active.N - 1) : ActiveMode.False };
                if (options.Active.Kind == ActiveModeKind.False)
                    owner.Tell(new GenTcp.TcpPassive(Self), Self);
                break;
        }
    }

    private void Recv(GenTcp.Recv recv)
    {
        // gen_tcp(3): recv is for passive sockets; a length has a meaning only in raw mode ([run]: einval otherwise).
        if (options.Active.Kind != ActiveModeKind.False || recv.Length < 0 || recv.Length > 0 && options.Packet != PacketType.Raw)
        {
            Sender.Tell(new GenTcp.Error(recv, Posix.Einval), Self);
            return;
        }
        if (recvs.Count == 0 && TryServe(Sender, recv))
            return;
        if (ended && Core.HeldBytes == 0)
        {
            // Nothing more comes, so what is left cannot answer it: closed once (the rest is dropped), enotconn after.
            Sender.Tell(new GenTcp.Error(recv, endReported ? Posix.Enotconn : endedError ?? Posix.Closed), Self);
            endReported = true;
            decoder.Clear();
            return;
        }
        if (recvs.Count >= MaxWaiting)
        {
            Sender.Tell(new GenTcp.Error(recv, Posix.Enobufs), Self);
            return;
        }
        var id = ++sequence;
        recvs.Enqueue((Sender, recv, id));
        if (recv.Timeout is { } timeout && timeout != Timeout.InfiniteTimeSpan)
            Timers.StartSingleTimer(new RecvTimeout(id), new RecvTimeout(id), timeout);
        // Someone takes packets now: what the core holds comes.
        Run(() => Core.DeliverHeld(Now));
    }

    private void OnRecvTimeout(RecvTimeout t) =>
        WaitQueue.Remove(recvs, w => w.Id == t.Id, w => w.Caller.Tell(new GenTcp.Error(w.Recv, Posix.Timeout), Self));
}
