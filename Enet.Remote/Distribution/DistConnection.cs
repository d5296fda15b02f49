using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using Enet.Remote.Etf;

namespace Enet.Remote.Distribution;

/// <summary>
/// One connected peer after the handshake (erl_dist_protocol "Protocol between connected nodes"): 4-byte
/// framed pass-through packets, an empty packet as tick, and the net_ticktime supervision of
/// erl_dist_protocol / net_kernel: tick when nothing was written in an interval, and close with
/// <c>net_tick_timeout</c> after <see cref="TickIntensity"/> intervals in which nothing was read.
/// </summary>
/// <remarks>
/// Sending encodes straight into the connection's <see cref="OutboundQueue"/> under a short lock; a large
/// binary is queued by reference, not copied. The sender that finds no write under way starts a writer as a
/// thread-pool work item, and whatever is queued by the time it runs (the rest of a burst) goes out as one gathered
/// write; the writer keeps writing inline while the socket takes the bytes at once. The queue is bounded as OTP bounds
/// a distribution channel's buffer (erl(1) <c>+zdbbl</c>, <c>dist_buf_busy_limit</c>): once it holds
/// <see cref="BusyLimit"/> bytes the connection is busy and a <see cref="SendMode.Suspend"/> sender waits until
/// the writer has brought it back below the limit.
/// Receiving reads as much as the socket has into one pooled buffer and dispatches every complete packet in it
/// before reading again. A packet too large for that buffer is read straight into an array of its own, whose
/// binaries the decoded term then shares instead of copying.
/// </remarks>
internal sealed class DistConnection
{
    public const int TickIntensity = 4;
    private const int MaxPacket = 128 * 1024 * 1024;
    private const int BufferSize = 64 * 1024;

    // A large packet's array starts at this size (or its length, if smaller) and doubles as its bytes arrive. A
    // 1 MiB binary's packet (the binary, its control message and headers) fits, so it is not copied into a 2 MiB array.
    internal const int LargePacketStart = 1024 * 1024 + 64 * 1024;

    // One gathered write takes at most this many segments (well below the kernel's IOV_MAX of 1024).
    private const int MaxSegmentsPerWrite = 64;

    private readonly Socket _socket;
    private readonly CancellationTokenSource _closed = new();
    private readonly Action<DistConnection, Term, Term?> _onMessage;
    private readonly Action<DistConnection, string> _onDown;
    private readonly PeriodicTimer _tickTimer;
    private readonly object _sendLock = new();
    private readonly OutboundQueue _queue = new();
    private readonly List<OutboundQueue.Segment> _writing = [];
    private readonly List<ArraySegment<byte>> _gather = [];
    private bool _isWriting;
    private int _writingBytes;
    private long _queuedBytes;
    private long _maxQueuedBytes;
    private long _busySuspensions;
    private long _busyDrops;
    private long _writes;
    private TaskCompletionSource? _notBusy;
    private int _down;
    private volatile bool _wrote;
    private volatile bool _writePending;
    private volatile bool _read;
    private int _largePacketReceived;
    private int _largePacketCapacity;

    public DistConnection(Socket socket, HandshakeResult peer, bool outbound, TimeSpan netTicktime, long busyLimit,
        Action<DistConnection, Term, Term?> onMessage, Action<DistConnection, string> onDown)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(busyLimit, 1);
        _socket = socket;
        Peer = peer;
        IsOutbound = outbound;
        BusyLimit = busyLimit;
        _onMessage = onMessage;
        _onDown = onDown;
        _tickTimer = new PeriodicTimer(netTicktime / TickIntensity);
    }

    public HandshakeResult Peer { get; }

    public bool IsOutbound { get; }

    public bool IsDown => Volatile.Read(ref _down) != 0;

    /// <summary>dist_buf_busy_limit: queued bytes from which the connection is busy.</summary>
    public long BusyLimit { get; }

    /// <summary>Bytes queued or being written.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>The most bytes the queue ever held: at most the limit plus the one packet a sender added under it.</summary>
    public long MaxQueuedBytes => Interlocked.Read(ref _maxQueuedBytes);

    /// <summary>How often a sender waited because the connection was busy.</summary>
    public long BusySuspensions => Interlocked.Read(ref _busySuspensions);

    /// <summary>Sends dropped because the connection was busy and the sender would not wait.</summary>
    public long BusyDrops => Interlocked.Read(ref _busyDrops);

    /// <summary>Socket writes so far; a burst of packets goes out in one.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>A write waits for room in the socket: nothing leaves the queue until the peer reads.</summary>
    internal bool WritePending => _writePending;

    /// <summary>The large packet being read: bytes received so far and bytes its array holds (0, 0 when none).</summary>
    internal (int Received, int Capacity) LargePacket => (Volatile.Read(ref _largePacketReceived), Volatile.Read(ref _largePacketCapacity));

    public void Start()
    {
        _ = Task.Run(ReadLoopAsync);
        _ = Task.Run(TickLoopAsync);
    }

    /// <summary>
    /// Sends a pass-through packet: 'p', the control tuple, and the message if the control message has one.
    /// False when nothing was queued: the connection is down, or busy and <paramref name="mode"/> is
    /// <see cref="SendMode.NoSuspend"/>.
    /// </summary>
    public bool Send(Term control, Term? message = null, SendMode mode = SendMode.Force)
    {
        while (true)
        {
            Task? busy = null;
            var startWriter = false;
            lock (_sendLock)
            {
                if (IsDown)
                    return false;
                // OTP checks busy before queuing, so the packet that crosses the limit is queued whole; the
                // queue is bounded by the limit plus one packet per sender (erl(1) +zdbbl).
                if (mode != SendMode.Force && _queuedBytes >= BusyLimit)
                {
                    if (mode == SendMode.NoSuspend)
                    {
                        _busyDrops++;
                        return false;
                    }
                    _busySuspensions++;
                    busy = (_notBusy ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                }
                else
                {
                    Enqueue(control, message);
                    startWriter = !_isWriting;
                    _isWriting = true;
                }
            }
            if (busy is null)
            {
                // The write runs after the sender's turn, on its thread if no idle worker takes it first: what the
                // turn sends meanwhile joins the same write (a burst of small messages is one syscall, not one each),
                // and a reply goes out with no thread hop (round trip 30 us; 35-45 us from the global queue). A
                // reply the read loop sends waits until the loop waits for data, or a worker takes it.
                if (startWriter)
                    ThreadPool.UnsafeQueueUserWorkItem(static connection => connection.WriteQueued(), this, preferLocal: true);
                return true;
            }
            // The sending actor is suspended, as OTP suspends a process sending on a busy distribution channel.
            // Task.Wait (rather than a monitor) lets the thread pool know a worker is blocked and moves this thread's
            // local work items (a writer it started, say) to the global queue first, so the writer that completes the
            // task runs on another thread or a socket completion, never on a thread waiting here.
            busy.Wait();
        }
    }

    /// <summary>
    /// net_kernel:set_net_ticktime/2 on a live connection: ticks and the silence count move to the new
    /// interval at once (the transition period is the kernel's business, it calls this twice).
    /// </summary>
    public void ChangeTicktime(TimeSpan netTicktime)
    {
        if (!IsDown)
            _tickTimer.Period = netTicktime / TickIntensity;
    }

    /// <summary>Closes the connection once; the node hears <paramref name="reason"/> as the nodedown reason.</summary>
    public void Close(string reason)
    {
        if (Interlocked.Exchange(ref _down, 1) != 0)
            return;
        _closed.Cancel();
        _socket.Dispose();
        TaskCompletionSource? waiting;
        lock (_sendLock)
        {
            waiting = _notBusy;
            _notBusy = null;
        }
        // Suspended senders wake, find the connection down and drop their message (it was never queued).
        waiting?.TrySetResult();
        _onDown(this, reason);
    }

    /// <summary>Under the send lock: encodes the packet into the queue, or leaves the queue as it was if encoding fails.</summary>
    private void Enqueue(Term control, Term? message)
    {
        var mark = _queue.Begin();
        var head = _queue.GetSpan(5);
        try
        {
            head[4] = (byte)'p';
            _queue.Advance(5);
            Etf.Etf.Encode(control, _queue);
            if (message is not null)
                Etf.Etf.Encode(message, _queue);
        }
        catch
        {
            _queue.Rollback(mark);
            throw;
        }
        var length = _queue.Appended - mark.Appended;
        // The header's array stays queued, unwritten, while the send lock is held, however many arrays followed.
        BinaryPrimitives.WriteUInt32BigEndian(head, (uint)(length - 4));
        Queued(length);
    }

    private void Queued(long bytes)
    {
        _queuedBytes += bytes;
        if (_queuedBytes > _maxQueuedBytes)
            _maxQueuedBytes = _queuedBytes;
    }

    /// <summary>Under the send lock: takes queued segments for a write if no write is under way (the caller then writes).</summary>
    private bool TakeForWrite()
    {
        if (_isWriting || _queue.IsEmpty)
            return false;
        _isWriting = true;
        _writingBytes = _queue.TakeInto(_writing, MaxSegmentsPerWrite);
        return true;
    }

    /// <summary>The writer a sender started: takes everything queued by now and writes it.</summary>
    private void WriteQueued()
    {
        try
        {
            lock (_sendLock)
            {
                _isWriting = false;
                if (!TakeForWrite())
                    return;
            }
            Write();
        }
        catch (Exception)
        {
            // Write catches the socket's own failures; anything else here is a defect, and a work item's exception
            // would end the process: the link goes down with OTP's reason for a broken link instead.
            Close("killed");
        }
    }

    /// <summary>Writes the taken segments and whatever was queued meanwhile, inline while the socket keeps up.</summary>
    private void Write()
    {
        while (true)
        {
            ValueTask<int> sending;
            Interlocked.Increment(ref _writes);
            try
            {
                if (_writing.Count == 1)
                {
                    sending = _socket.SendAsync(_writing[0].Bytes, SocketFlags.None, _closed.Token);
                }
                else
                {
                    _gather.Clear();
                    foreach (var segment in _writing)
                        _gather.Add(segment.Bytes);
                    sending = new ValueTask<int>(_socket.SendAsync(_gather, SocketFlags.None));
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                Close("connection_closed");
                return;
            }
            if (!sending.IsCompleted)
            {
                _writePending = true;
                _ = FinishWriteAsync(sending);
                return;
            }
            int sent;
            try
            {
                sent = sending.Result;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                Close("connection_closed");
                return;
            }
            if (!Sent(sent))
                return;
        }
    }

    private async Task FinishWriteAsync(ValueTask<int> sending)
    {
        int sent;
        try
        {
            sent = await sending.ConfigureAwait(false);
            _writePending = false;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Close("connection_closed");
            return;
        }
        if (Sent(sent))
            Write();
    }

    /// <summary>After a completed write: true when more was queued meanwhile and is now taken for the next write.</summary>
    private bool Sent(int sent)
    {
        if (sent != _writingBytes)
        {
            // Socket.SendAsync on a stream socket returns after all bytes went out; anything else is a dead link.
            Close("connection_closed");
            return false;
        }
        _wrote = true;
        // The segments are still this writer's alone: no sender takes new ones before _isWriting is cleared.
        foreach (var segment in _writing)
            segment.Release();
        _writing.Clear();
        TaskCompletionSource? notBusy = null;
        bool more;
        lock (_sendLock)
        {
            _isWriting = false;
            _queuedBytes -= sent;
            if (_queuedBytes < BusyLimit && _notBusy is not null)
            {
                notBusy = _notBusy;
                _notBusy = null;
            }
            more = TakeForWrite();
        }
        notBusy?.TrySetResult();
        return more;
    }

    private async Task ReadLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        int start = 0, end = 0;
        try
        {
            while (!_closed.IsCancellationRequested)
            {
                var need = Parse(buffer, ref start, end);
                if (need < 0)
                {
                    // OTP kills a link that sends a packet it cannot parse; the nodedown reason it shows is killed.
                    Close("killed");
                    return;
                }
                if (need > buffer.Length)
                {
                    if (!await ReadLargePacketAsync(buffer.AsMemory(start + 4, end - start - 4), need - 4).ConfigureAwait(false))
                        return;
                    start = end = 0;
                    continue;
                }
                ReadBuffer.MakeRoom(buffer, ref start, ref end, need);
                var n = await _socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None, _closed.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    Close("connection_closed");
                    return;
                }
                _read = true;
                end += n;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Close("connection_closed");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// A packet larger than the read buffer: its start (<paramref name="received"/>) and the rest go into one
    /// array, which the decoded term keeps (its large binaries are slices of it). The array grows with the bytes
    /// that arrive, doubling up to the packet's length, never to the length announced ahead of them: a peer that
    /// announces 128 MB and sends nothing holds <see cref="LargePacketStart"/> bytes, not 128 MB. The kernel copies
    /// a packet of up to that size once; a larger one is copied about once more in all by the doublings.
    /// False when the connection closed.
    /// </summary>
    private async Task<bool> ReadLargePacketAsync(ReadOnlyMemory<byte> received, int length)
    {
        // Every byte is overwritten by the reads, so skip zeroing.
        var packet = GC.AllocateUninitializedArray<byte>(Math.Min(length, Math.Max(LargePacketStart, received.Length)));
        received.CopyTo(packet);
        var have = received.Length;
        Volatile.Write(ref _largePacketCapacity, packet.Length);
        Volatile.Write(ref _largePacketReceived, have);
        while (have < length)
        {
            if (have == packet.Length)
            {
                var grown = GC.AllocateUninitializedArray<byte>((int)Math.Min(length, 2L * packet.Length));
                packet.AsSpan(0, have).CopyTo(grown);
                packet = grown;
                Volatile.Write(ref _largePacketCapacity, packet.Length);
            }
            var n = await _socket.ReceiveAsync(packet.AsMemory(have), SocketFlags.None, _closed.Token).ConfigureAwait(false);
            if (n == 0)
            {
                Close("connection_closed");
                return false;
            }
            _read = true;
            have += n;
            Volatile.Write(ref _largePacketReceived, have);
        }
        Volatile.Write(ref _largePacketCapacity, 0);
        Volatile.Write(ref _largePacketReceived, 0);
        if (Dispatch(packet, shared: true))
            return true;
        Close("killed");
        return false;
    }

    /// <summary>
    /// Dispatches every complete packet in <c>buffer[start..end]</c>; returns the bytes the next packet needs
    /// in all (header included), or -1 for a packet that cannot be parsed or is too large.
    /// </summary>
    private int Parse(byte[] buffer, ref int start, int end)
    {
        while (end - start >= 4)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(start));
            if (length > MaxPacket)
                return -1;
            if (end - start - 4 < length)
                return 4 + (int)length;
            // The read buffer is reused, so these packets' binaries are copied out of it.
            if (length > 0 && !Dispatch(buffer.AsMemory(start + 4, (int)length), shared: false))
                return -1;
            start += 4 + (int)length;
        }
        return 4;
    }

    private bool Dispatch(ReadOnlyMemory<byte> packet, bool shared)
    {
        // Without DIST_HDR_ATOM_CACHE and FRAGMENTS every packet is pass-through (erl_dist_protocol).
        if (packet.Span[0] != (byte)'p' || !Decode(packet[1..], shared, out var control, out var used))
            return false;
        Term? message = null;
        var rest = packet[(1 + used)..];
        if (rest.Length > 0 && (!Decode(rest, shared, out message, out var took) || took != rest.Length))
            return false;
        _onMessage(this, control, message);
        return true;
    }

    private static bool Decode(ReadOnlyMemory<byte> bytes, bool shared, out Term term, out int consumed) =>
        shared
            ? Etf.Etf.TryDecodePrefixShared(bytes, out term, out consumed, out _)
            : Etf.Etf.TryDecodePrefix(bytes.Span, out term, out consumed, out _);

    private async Task TickLoopAsync()
    {
        using var timer = _tickTimer;
        var silent = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(_closed.Token).ConfigureAwait(false))
            {
                if (!_wrote)
                    SendTick();
                _wrote = false;
                silent = _read ? 0 : silent + 1;
                _read = false;
                if (silent >= TickIntensity)
                {
                    Close("net_tick_timeout");
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>A tick is an empty packet: four zero bytes (erl_dist_protocol, dist_util tick), sent with force.</summary>
    private void SendTick()
    {
        bool write;
        lock (_sendLock)
        {
            if (IsDown)
                return;
            _queue.GetSpan(4)[..4].Clear();
            _queue.Advance(4);
            Queued(4);
            write = TakeForWrite();
        }
        if (write)
            Write();
    }
}
