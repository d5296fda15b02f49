using Enet.Actors.Inet;
using Enet.Actors.Tcp;
using Enet.Codecs;
using Akka.Actor;
using IoTcp = Akka.IO.Tcp;

namespace Enet.Actors.GenTcp;

/// <summary>
/// One connected gen_tcp socket (gen_tcp(3), inet(3)): the Akka.IO handler of a TCP connection, giving it Erlang's
/// semantics. Received bytes go through a <see cref="PacketDecoder"/>; whole packets go to the owner while the socket
/// is active, else wait for <see cref="GenTcp.Recv"/>. Reading is flow-controlled with the connection's pull mode: a
/// passive socket holding recbuf bytes suspends reading, so the connection's window closes and the peer slows (never a
/// queue without bound). Sends are queued here and written in NACK mode: a refused write is resent after
/// WritingResumed, and while the queue is at high_watermark the socket is busy and senders wait (send_timeout bounds
/// the wait). Its behaviours are <see cref="Connecting"/>, <see cref="Open"/> and <see cref="Closing"/>.
/// </summary>
internal sealed class TcpSocketActor : ReceiveActor, IWithTimers
{
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Recv and blocked send callers a socket keeps; more are enobufs.</summary>
    public const int MaxWaiting = 1024;

    private readonly IActorRef? tcp;
    private readonly SocketCounters counters = new();
    private readonly PacketDecoder decoder;
    private readonly Queue<Bytes> outQueue = new();

    /// <summary>With delay_send: sends queued here until the mailbox has drained, then written as one.</summary>
    private readonly List<byte[]> delayed = [];
    private bool flushScheduled;
    private readonly Queue<(IActorRef Caller, GenTcp.Recv Recv, long Id)> recvs = new();
    private readonly Queue<(IActorRef Caller, GenTcp.Send Send, byte[] Framed, long Id)> blockedSends = new();
    private IActorRef owner;
    private IActorRef? connection;
    private TcpSocketOptions options;
    private ConnectionId endpoint;
    private long sequence;
    private int queuedBytes;
    private bool nacked, busy, readingSuspended, readShutdown, writeShutdown, finSent, registeredKeepOpen;
    private readonly bool invalidOptions;

    /// <summary>Events of an accepted connection that reached us (or the listen socket) before the held data did; they
    /// wait for the barrier after Register. Null once attached.</summary>
    private List<(IoTcp.ConnectionClosed Closed, bool FromListener)>? deferred;

    /// <summary>The stream ended for reading; <see cref="endedError"/> is what is told first, as {tcp_error, S, Reason}
    /// or recv's reason, when it is not a plain close.</summary>
    private bool ended;
    private Posix? endedError;
    private bool endReported;

    /// <summary>Why sends fail (null while they may go): closed, or enotconn after send_timeout_close.</summary>
    private Posix? sendRefusal;

    private TcpSocketActor(TcpSocketOptions options, IActorRef owner, IActorRef? tcp)
    {
        this.options = options;
        this.owner = owner;
        this.tcp = tcp;
        decoder = new PacketDecoder(options.Packet, options.PacketSize, Math.Max(options.Buffer, options.PacketSize), options.LineDelimiter);
    }

    /// <summary>gen_tcp:connect: the socket makes the connection.</summary>
    public TcpSocketActor(IActorRef tcp, Ipv4Address address, ushort port, InetResult<TcpSocketOptions> parsed, TimeSpan? timeout,
        IActorRef owner, IActorRef replyTo) : this(parsed.IsOk ? parsed.Value : TcpSocketOptions.Default, owner, tcp)
    {
        // Bad options fail the connect before any segment is sent.
        invalidOptions = !parsed.IsOk;
        Connecting(new IoTcp.Connect(EndPoints.From(address, port), options: [new EnetTcpOption(options.TcpOptions)], timeout: timeout), replyTo);
    }

    /// <summary>gen_tcp:accept: the listen socket hands over an established connection and what it heard from it.</summary>
    public TcpSocketActor(IActorRef connection, ConnectionId connected, IReadOnlyList<IoTcp.ConnectionClosed> earlier,
        TcpSocketOptions options, IActorRef owner) : this(options, owner, null)
    {
        this.connection = connection;
        endpoint = connected;
        deferred = [.. earlier.Select(e => (e, true))];
        Become(Open);
    }

    public static Props ConnectProps(IActorRef tcp, Ipv4Address address, ushort port, IReadOnlyList<InetOption> options,
        TimeSpan? timeout, IActorRef owner, IActorRef replyTo) =>
        ActorProps.Create(() => new TcpSocketActor(tcp, address, port, TcpSocketOptions.Create(options), timeout, owner, replyTo));

    public static Props AcceptedProps(IActorRef connection, ConnectionId connected, IReadOnlyList<IoTcp.ConnectionClosed> earlier,
        TcpSocketOptions options, IActorRef owner) =>
        ActorProps.Create(() => new TcpSocketActor(connection, connected, earlier, options, owner));

    protected override void PreStart()
    {
        Context.Watch(owner);
        if (connection is not null)
            Attach();
    }

    private void Connecting(IoTcp.Connect connect, IActorRef replyTo)
    {
        Become(() =>
        {
            Receive<Start>(_ =>
            {
                if (invalidOptions)
                {
                    replyTo.Tell(new GenTcp.Error(connect, Posix.Einval), Self);
                    Context.Stop(Self);
                }
                else
                {
                    tcp!.Tell(EnetTcp.GetSettings.Instance, Self);
                    tcp.Tell(connect, Self);
                }
            });
            // Before Connected: the layer answers at once, the connection only after the handshake.
            Receive<TcpSettings>(layer => options = options.WithLayer(layer));
            Receive<IoTcp.Connected>(connected =>
            {
                var c = TcpEndPoints.Id(connected);
                connection = Sender;
                endpoint = c;
                Attach();
                Become(Open);
                replyTo.Tell(new GenTcp.Connected(Self, c.LocalAddress, c.LocalPort, c.RemoteAddress, c.RemotePort), Self);
            });
            Receive<IoTcp.CommandFailed>(f =>
            {
                replyTo.Tell(new GenTcp.Error(connect, GenTcp.Reason(f.Reason())), Self);
                Context.Stop(Self);
            });
            Receive<GenTcp.Close>(_ =>
            {
                Sender.Tell(GenTcp.Ok.Instance, Self);
                Context.Stop(Self);
            });
            Receive<Terminated>(t =>
            {
                if (t.ActorRef.Equals(owner))
                    Context.Stop(Self);
            });
            ReceiveAny(m => Sender.Tell(new GenTcp.Error(m, Posix.Enotconn), Self));
        });
        Self.Tell(Start.Instance, Self);
    }

    /// <summary>Become the connection's handler. An accepted connection comes with its reading suspended by the listen
    /// socket, so it is resumed as this socket wants, and then asked for its info as a barrier: the answer comes after
    /// the data it held for us, so events heard before can be applied in order after it.</summary>
    private void Attach()
    {
        Context.Watch(connection!);
        registeredKeepOpen = !options.ExitOnClose;
        connection!.Tell(new IoTcp.Register(Self, registeredKeepOpen), Self);
        readingSuspended = deferred is not null;
        UpdateReading();
        if (deferred is not null)
        {
            // The connection was made with the options the listen socket had at listen; a setopts on the listen socket
            // since (nodelay, keepalive, tos) holds for the sockets it accepts from then on. Buffers stay as made.
            connection.Tell(new EnetTcp.SetOptions(options.TcpOptions with { ReceiveBuffer = null, SendBuffer = null }), Self);
            connection.Tell(EnetTcp.GetConnectionInfo.Instance, Self);
        }
    }

    private void Open()
    {
        Receive<IoTcp.Received>(r => OnReceived(r.Data.ToReadOnlySpan()));
        Receive<EnetTcp.ConnectionInfo>(_ => Attached());
        Receive<IoTcp.ConnectionClosed>(c => OnConnectionClosed(c, fromListener: false));
        Receive<FromListener>(f => OnConnectionClosed(f.Closed, fromListener: true));
        Receive<WriteAck>(_ =>
        {
            OnWriteAck();
            if (writeShutdown)
                CloseWhenDrained(null);
        });
        Receive<IoTcp.CommandFailed>(OnCommandFailed);
        Receive<IoTcp.WritingResumed>(_ => OnWritingResumed());
        Receive<OptionsApplied>(a => ApplyOptions(a.Set, a.ReplyTo));
        Receive<GenTcp.Send>(Send);
        Receive<FlushDelayed>(_ => Flush());
        Receive<GenTcp.Recv>(Recv);
        Receive<RecvTimeout>(OnRecvTimeout);
        Receive<SendTimeout>(OnSendTimeout);
        Receive<GenTcp.Shutdown>(Shutdown);
        Receive<GenTcp.Close>(_ => Close(Sender));
        Receive<Terminated>(t =>
        {
            if (t.ActorRef.Equals(owner))
                Close(ActorRefs.Nobody);
            else if (t.ActorRef.Equals(connection))
            {
                connection = null;
                Attached();
                if (!ended)
                    End(null);
                sendRefusal ??= Posix.Closed;
                DropQueued(sendRefusal.Value);
                Process();
            }
        });
        Inet();
    }

    /// <summary>After gen_tcp:close: the queued data is written, then the connection closed; nothing more is delivered.</summary>
    private void Closing(IActorRef replyTo)
    {
        Become(() =>
        {
            Receive<WriteAck>(_ =>
            {
                OnWriteAck();
                CloseWhenDrained(replyTo);
            });
            Receive<IoTcp.CommandFailed>(f =>
            {
                if (f.Cmd is not IoTcp.Write)
                    return;
                OnCommandFailed(f);
                CloseWhenDrained(replyTo);
            });
            Receive<IoTcp.WritingResumed>(_ => OnWritingResumed());
            Receive<FlushDelayed>(_ => Flush());
            Receive<IoTcp.ConnectionClosed>(_ => Finish(replyTo));
            // inet(3) linger {true, T}: when T passes the close returns and what was not sent is discarded.
            Receive<LingerExpired>(_ =>
            {
                connection?.Tell(IoTcp.Abort.Instance, Self);
                Finish(replyTo);
            });
            Receive<Terminated>(t =>
            {
                if (t.ActorRef.Equals(connection))
                    Finish(replyTo);
            });
            Receive<IoTcp.Received>(_ => { });
            Receive<GenTcp.Close>(_ => Sender.Tell(GenTcp.Ok.Instance, Self));
            ReceiveAny(m => Sender.Tell(new GenTcp.Error(m, Posix.Closed), Self));
        });
    }

    /// <summary>The inet functions' messages (they are Udp's records, where the inet API was first written) and
    /// controlling_process.</summary>
    private void Inet()
    {
        Receive<Udp.Udp.SetOpts>(SetOpts);
        Receive<Udp.Udp.GetOpts>(get =>
        {
            if (get.Names.FirstOrDefault(n => !InetOption.Known.Contains(n)) is not null)
                Sender.Tell(new Udp.Udp.Error(get, Posix.Einval), Self);
            else
                Sender.Tell(new Udp.Udp.Opts([.. get.Names.Where(TcpSocketOptions.Supported.Contains).Select(n => new InetOption(n, options.Get(n)))]), Self);
        });
        Receive<Udp.Udp.GetStat>(get => Sender.Tell(new Udp.Udp.Stat([.. counters.Snapshot(get.Stats)
            .Select(v => v.Stat == InetStat.SendPend ? v with { Value = queuedBytes } : v)]), Self));
        Receive<Udp.Udp.SockName>(_ => Sender.Tell(new Udp.Udp.Name(endpoint.LocalAddress, endpoint.LocalPort), Self));
        Receive<Udp.Udp.PeerName>(get =>
        {
            if (connection is null)
                Sender.Tell(new Udp.Udp.Error(get, Posix.Enotconn), Self);
            else
                Sender.Tell(new Udp.Udp.Name(endpoint.RemoteAddress, endpoint.RemotePort), Self);
        });
        Receive<Udp.Udp.GetPort>(_ => Sender.Tell(new Udp.Udp.PortNumber(endpoint.LocalPort), Self));
        Receive<GenTcp.ControllingProcess>(c =>
        {
            // gen_tcp(3) controlling_process: "If called by any other process than the current controlling process,
            // {error, not_owner} is returned."
            if (!Sender.Equals(owner))
            {
                Sender.Tell(new GenTcp.Error(c, Posix.NotOwner), Self);
                return;
            }
            Context.Unwatch(owner);
            owner = c.NewOwner;
            Context.Watch(owner);
            Sender.Tell(GenTcp.Ok.Instance, Self);
        });
    }

    private void Attached()
    {
        if (deferred is null)
            return;
        var events = deferred;
        deferred = null;
        foreach (var (closed, fromListener) in events)
            OnConnectionClosed(closed, fromListener);
    }

    private void OnReceived(ReadOnlySpan<byte> data)
    {
        if (readShutdown)
            return;
        decoder.Append(data);
        Process();
    }

    /// <summary>How the connection ended, as inet_drv reports it: a FIN (or the end of our own close) is closed; a
    /// reset is closed too unless show_econnreset (inet(3)); other errors are told as {tcp_error, S, Reason}. An event
    /// <paramref name="fromListener"/> came while the listen socket held the connection open after a FIN; with
    /// exit_on_close our side is closed now.</summary>
    private void OnConnectionClosed(IoTcp.ConnectionClosed closed, bool fromListener)
    {
        if (deferred is not null)
        {
            deferred.Add((closed, fromListener));
            return;
        }
        if (ended)
            return;
        switch (closed)
        {
            case IoTcp.ErrorClosed error when error.Reason() == Tcp.TcpError.Econnreset && !options.ShowEconnreset:
                End(null);
                sendRefusal = Posix.Closed;
                break;
            case IoTcp.ErrorClosed error:
                End(GenTcp.Reason(error.Reason()));
                sendRefusal = Posix.Closed;
                break;
            case IoTcp.PeerClosed:
                End(null);
                // inet(3) exit_on_close: only with false may we go on sending after the peer's FIN.
                if (!registeredKeepOpen)
                {
                    sendRefusal = Posix.Closed;
                    if (fromListener && !finSent)
                    {
                        finSent = true;
                        connection?.Tell(IoTcp.Close.Instance, Self);
                    }
                }
                break;
            default:
                // ConfirmedClosed after our shutdown(write): the peer's FIN is in.
                End(null);
                sendRefusal = Posix.Closed;
                break;
        }
        if (sendRefusal is not null)
            DropQueued(sendRefusal.Value);
        Process();
    }

    private void End(Posix? error)
    {
        ended = true;
        endedError = error;
    }

    /// <summary>Hands out whole packets while someone takes them: the owner while active, else the recv callers in
    /// order; then reports the end once everything before it is out.</summary>
    private void Process()
    {
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
        if (ended && !endReported)
        {
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
        UpdateReading();
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
        connection?.Tell(IoTcp.Abort.Instance, Self);
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

    /// <summary>Pull mode (Akka.IO SuspendReading/ResumeReading): read while someone takes data or the socket holds less
    /// than recbuf; otherwise leave it in the connection, whose window then closes (RFC 9293 3.8.6).</summary>
    private void UpdateReading()
    {
        if (connection is null || ended)
            return;
        var want = readShutdown || options.Active.Kind != ActiveModeKind.False || recvs.Count > 0 ||
            decoder.Buffered < options.ReceiveBufferSize;
        if (want != readingSuspended)
            return;
        readingSuspended = !want;
        connection.Tell(want ? IoTcp.ResumeReading.Instance : IoTcp.SuspendReading.Instance, Self);
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
        {
            UpdateReading();
            return;
        }
        if (ended)
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
        UpdateReading();
    }

    private void OnRecvTimeout(RecvTimeout t)
    {
        WaitQueue.Remove(recvs, w => w.Id == t.Id, w => w.Caller.Tell(new GenTcp.Error(w.Recv, Posix.Timeout), Self));
        UpdateReading();
    }

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
    }

    /// <summary>Into the send queue, or with delay_send (or while earlier delayed sends wait, to keep the order) into the
    /// delayed queue, written when the flush this posts to ourselves comes: after every message already in the mailbox,
    /// so a burst of sends goes out as one write. inet(3) {delay_send, Boolean}: "Normally, when an Erlang process sends
    /// to a socket, the driver tries to send the data immediately. [...] Setting {delay_send, true} makes all messages
    /// queue up. The messages sent to the network are then larger but fewer."</summary>
    private void Queue(byte[] framed)
    {
        counters.CountSent(framed.Length);
        if (options.DelaySend || delayed.Count > 0)
        {
            delayed.Add(framed);
            queuedBytes += framed.Length;
            if (!flushScheduled)
            {
                flushScheduled = true;
                Self.Tell(FlushDelayed.Instance, Self);
            }
        }
        else
            Enqueue(framed);
        if (queuedBytes >= options.HighWatermark)
            busy = true;
    }

    /// <summary>The delayed sends as one write (before a close or shutdown too, so they go ahead of the FIN).</summary>
    private void Flush()
    {
        flushScheduled = false;
        if (delayed.Count == 0 || connection is null)
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
        queuedBytes -= joined.Length;
        Enqueue(joined);
    }

    /// <summary>In writes the connection's send buffer can take whole (half of it: NACK mode resumes when the buffer is
    /// at most half full).</summary>
    private void Enqueue(byte[] bytes)
    {
        var chunk = Math.Max(1, options.SendBufferSize / 2);
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            var piece = new Bytes(bytes.AsMemory(offset, Math.Min(chunk, bytes.Length - offset)));
            outQueue.Enqueue(piece);
            queuedBytes += piece.Length;
            if (!nacked)
                Write(piece);
        }
    }

    private void Write(Bytes piece) =>
        connection!.Tell(IoTcp.Write.Create(ByteStrings.Wrap(piece.Memory), WriteAck.Instance), Self);

    /// <summary>Acks come in the order of the writes, so the first queued piece is the one taken.</summary>
    private void OnWriteAck()
    {
        if (outQueue.TryDequeue(out var piece))
            queuedBytes -= piece.Length;
        if (busy && queuedBytes < options.LowWatermark)
            busy = false;
        while (!busy && blockedSends.TryDequeue(out var blocked))
        {
            Timers.Cancel(new SendTimeout(blocked.Id));
            Queue(blocked.Framed);
            blocked.Caller.Tell(GenTcp.Ok.Instance, Self);
        }
    }

    /// <summary>Akka.IO NACK mode: after the first refused write every later one is refused too, so the refused ones are
    /// the queue's tail; they are written again after WritingResumed.</summary>
    private void OnCommandFailed(IoTcp.CommandFailed failed)
    {
        if (failed.Cmd is EnetTcp.SetOptions { Ack: OptionsApplied refused })
        {
            refused.ReplyTo.Tell(new Udp.Udp.Error(refused.Set, Posix.Einval), Self);
            return;
        }
        if (failed.Cmd is not IoTcp.Write)
            return;
        if (failed.Reason() != Tcp.TcpError.Enobufs)
        {
            sendRefusal ??= GenTcp.Reason(failed.Reason());
            DropQueued(sendRefusal.Value);
            return;
        }
        if (!nacked)
        {
            nacked = true;
            connection!.Tell(IoTcp.ResumeWriting.Instance, Self);
        }
    }

    private void OnWritingResumed()
    {
        nacked = false;
        if (sendRefusal is not null || connection is null)
            return;
        foreach (var piece in outQueue)
            Write(piece);
    }

    private void DropQueued(Posix reason)
    {
        outQueue.Clear();
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
        if (!options.SendTimeoutClose)
            return;
        sendRefusal = Posix.Enotconn;
        DropQueued(Posix.Enotconn);
        connection?.Tell(IoTcp.Abort.Instance, Self);
        End(null);
        Process();
    }

    /// <summary>gen_tcp:shutdown: write is Akka.IO's ConfirmedClose (FIN after the queued data, reading goes on), read
    /// drops what comes.</summary>
    private void Shutdown(GenTcp.Shutdown shutdown)
    {
        if (connection is null)
        {
            Sender.Tell(new GenTcp.Error(shutdown, Posix.Enotconn), Self);
            return;
        }
        if (shutdown.How is ShutdownHow.Read or ShutdownHow.ReadWrite)
        {
            readShutdown = true;
            decoder.Clear();
            UpdateReading();
        }
        if (shutdown.How is ShutdownHow.Write or ShutdownHow.ReadWrite && !writeShutdown)
        {
            writeShutdown = true;
            Flush();
            CloseWhenDrained(null);
        }
        Sender.Tell(GenTcp.Ok.Instance, Self);
    }

    /// <summary>For shutdown(write) (replyTo null: the socket stays) or close: once the queue is written the connection
    /// gets ConfirmedClose or Close, once.</summary>
    private void CloseWhenDrained(IActorRef? replyTo)
    {
        if (connection is null)
        {
            if (replyTo is not null)
                Finish(replyTo);
            return;
        }
        if (outQueue.Count > 0 || finSent)
        {
            // After shutdown(write) the FIN is on its way: a close without linger has nothing to wait for.
            if (finSent && replyTo is not null && !options.Linger.On)
                Finish(replyTo);
            return;
        }
        finSent = true;
        connection.Tell(replyTo is null ? IoTcp.ConfirmedClose.Instance : IoTcp.Close.Instance, Self);
        if (replyTo is not null && !options.Linger.On)
            Finish(replyTo);
    }

    private void Close(IActorRef replyTo)
    {
        Flush();
        foreach (var w in recvs)
            w.Caller.Tell(new GenTcp.Error(w.Recv, Posix.Closed), Self);
        recvs.Clear();
        DropBlocked();
        if (connection is null || sendRefusal is not null)
        {
            // Nothing more can be sent: the connection is ending on its own.
            if (connection is not null && !finSent)
                connection.Tell(IoTcp.Close.Instance, Self);
            Finish(replyTo);
            return;
        }
        if (options.Linger is (true, 0))
        {
            // inet(3) linger {true, 0}: the connection is reset, queued data dropped.
            connection.Tell(IoTcp.Abort.Instance, Self);
            Finish(replyTo);
            return;
        }
        if (options.Linger.On)
            Timers.StartSingleTimer(LingerExpired.Instance, LingerExpired.Instance, TimeSpan.FromSeconds(options.Linger.Seconds));
        else
        {
            // {linger, {false, _}}: close returns at once and the data goes on in the background, as the kernel does.
            replyTo.Tell(GenTcp.Ok.Instance, Self);
            replyTo = ActorRefs.Nobody;
        }
        Closing(replyTo);
        CloseWhenDrained(replyTo);
    }

    private void DropBlocked()
    {
        while (blockedSends.TryDequeue(out var blocked))
            blocked.Caller.Tell(new GenTcp.Error(blocked.Send, Posix.Closed), Self);
    }

    private void Finish(IActorRef replyTo)
    {
        if (!replyTo.Equals(ActorRefs.Nobody))
            replyTo.Tell(GenTcp.Ok.Instance, Self);
        Context.Stop(Self);
    }

    /// <summary>inet:setopts. nodelay, keepalive, tos, recbuf and sndbuf belong to the connection (Tcp.SetOptions): the answer
    /// waits for it, and if it refuses (a buffer shrunk below what it holds) nothing changes.</summary>
    private void SetOpts(Udp.Udp.SetOpts set)
    {
        var result = options.Apply(set.Options);
        if (!result.IsOk)
        {
            Sender.Tell(new Udp.Udp.Error(set, Posix.Einval), Self);
            return;
        }
        var wanted = result.Value;
        if (connection is not null && !ended && (wanted.NoDelay, wanted.KeepAlive, wanted.Tos, wanted.RecBuf, wanted.SndBuf) !=
            (options.NoDelay, options.KeepAlive, options.Tos, options.RecBuf, options.SndBuf))
        {
            var change = new TcpOptions
            {
                NoDelay = wanted.NoDelay,
                KeepAlive = wanted.KeepAlive,
                Tos = (byte)wanted.Tos,
                ReuseAddress = wanted.ReuseAddr,
                ReceiveBuffer = wanted.RecBuf != options.RecBuf ? wanted.RecBuf : null,
                SendBuffer = wanted.SndBuf != options.SndBuf ? wanted.SndBuf : null,
            };
            connection.Tell(new EnetTcp.SetOptions(change, new OptionsApplied(Sender, set)), Self);
            return;
        }
        ApplyOptions(set, Sender);
    }

    /// <summary>Applied now, not with the value checked before: an {active, N} counter may have moved meanwhile.</summary>
    private void ApplyOptions(Udp.Udp.SetOpts set, IActorRef replyTo)
    {
        var result = options.Apply(set.Options);
        if (!result.IsOk)
        {
            replyTo.Tell(new Udp.Udp.Error(set, Posix.Einval), Self);
            return;
        }
        // inet_drv sends {tcp_passive, S} whenever {active, N} leaves the counter at 0, even on a socket that was
        // already passive (as for UDP, probed on OTP 25).
        var counted = set.Options.Any(o => o.Name == "active" && o.Value is ActiveMode { Kind: ActiveModeKind.Count });
        var wasActive = options.Active.Kind != ActiveModeKind.False;
        options = result.Value;
        decoder.Type = options.Packet;
        decoder.PacketSize = options.PacketSize;
        decoder.LineLength = Math.Max(options.Buffer, options.PacketSize);
        decoder.LineDelimiter = options.LineDelimiter;
        replyTo.Tell(Udp.Udp.Ok.Instance, Self);
        if (counted && options.Active.Kind == ActiveModeKind.False)
            owner.Tell(new GenTcp.TcpPassive(Self), Self);
        if (!wasActive && options.Active.Kind != ActiveModeKind.False)
        {
            // Recv callers of a socket turned active get einval, as a recv on an active socket would.
            foreach (var w in recvs)
                w.Caller.Tell(new GenTcp.Error(w.Recv, Posix.Einval), Self);
            recvs.Clear();
        }
        // exit_on_close decides how the connection takes the peer's FIN: register again with the new choice.
        if (connection is not null && !ended && registeredKeepOpen == options.ExitOnClose)
        {
            registeredKeepOpen = !options.ExitOnClose;
            connection.Tell(new IoTcp.Register(Self, registeredKeepOpen), Self);
        }
        Process();
    }

    /// <summary>The connection took the options of a setopts.</summary>
    private sealed record OptionsApplied(IActorRef ReplyTo, Udp.Udp.SetOpts Set);

    /// <summary>From the listen socket: an event the connection told it before our Register arrived.</summary>
    internal sealed record FromListener(IoTcp.ConnectionClosed Closed);

    private sealed record Start
    {
        public static Start Instance { get; } = new();
    }

    private sealed record FlushDelayed
    {
        public static FlushDelayed Instance { get; } = new();
    }

    private sealed class WriteAck : IoTcp.Event
    {
        public static WriteAck Instance { get; } = new();
    }

    private sealed record LingerExpired
    {
        public static LingerExpired Instance { get; } = new();
    }

    private sealed record RecvTimeout(long Id);

    private sealed record SendTimeout(long Id);
}
