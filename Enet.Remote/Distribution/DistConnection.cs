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
/// Sending encodes straight into the connection's fill buffer under a short lock. The sender that finds no
/// write under way starts one on its own thread (the socket call completes at once while the kernel buffer
/// has room), so a small message costs no thread hop; messages sent meanwhile pile up in the fill buffer and
/// go out as one write. Receiving reads as much as the socket has into one buffer and dispatches every
/// complete packet in it before reading again.
/// </remarks>
internal sealed class DistConnection
{
    public const int TickIntensity = 4;
    private const int MaxPacket = 128 * 1024 * 1024;
    private const int BufferSize = 64 * 1024;

    // A buffer that grew for large messages keeps up to this much, so a stream of 1 MiB binaries does not
    // allocate a new buffer per write; at most FreeBuffers of them wait for reuse.
    private const int RetainedBuffer = 4 * 1024 * 1024;
    private const int FreeBuffers = 8;

    private readonly Socket _socket;
    private readonly CancellationTokenSource _closed = new();
    private readonly Action<DistConnection, Term, Term?> _onMessage;
    private readonly Action<DistConnection, string> _onDown;
    private readonly PeriodicTimer _tickTimer;
    private readonly object _sendLock = new();
    private readonly Queue<PacketBuffer> _full = new();
    private readonly Stack<PacketBuffer> _free = new();
    private PacketBuffer _filling = new(BufferSize);
    private bool _writing;
    private int _down;
    private volatile bool _wrote;
    private volatile bool _read;

    public DistConnection(Socket socket, HandshakeResult peer, bool outbound, TimeSpan netTicktime,
        Action<DistConnection, Term, Term?> onMessage, Action<DistConnection, string> onDown)
    {
        _socket = socket;
        Peer = peer;
        IsOutbound = outbound;
        _onMessage = onMessage;
        _onDown = onDown;
        _tickTimer = new PeriodicTimer(netTicktime / TickIntensity);
    }

    public HandshakeResult Peer { get; }

    public bool IsOutbound { get; }

    public bool IsDown => Volatile.Read(ref _down) != 0;

    public void Start()
    {
        _ = Task.Run(ReadLoopAsync);
        _ = Task.Run(TickLoopAsync);
    }

    /// <summary>Sends a pass-through packet: 'p', the control tuple, and the message if the control message has one.</summary>
    public void Send(Term control, Term? message = null)
    {
        PacketBuffer? toWrite;
        lock (_sendLock)
        {
            if (IsDown)
                return;
            // A full segment goes to the write queue as it is: appending to it would copy it as it grows.
            if (_filling.Count >= BufferSize)
                QueueFilling();
            var start = _filling.Count;
            try
            {
                var head = _filling.GetSpan(5);
                head[4] = (byte)'p';
                _filling.Advance(5);
                Etf.Etf.Encode(control, _filling);
                if (message is not null)
                    Etf.Etf.Encode(message, _filling);
            }
            catch
            {
                _filling.Truncate(start);
                throw;
            }
            BinaryPrimitives.WriteUInt32BigEndian(_filling.WrittenSpan[start..], (uint)(_filling.Count - start - 4));
            toWrite = TakeForWrite();
        }
        if (toWrite is not null)
            Write(toWrite);
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
        _onDown(this, reason);
    }

    /// <summary>Under the send lock: the next buffer to write if no write is under way (the caller then writes it).</summary>
    private PacketBuffer? TakeForWrite()
    {
        if (_writing || (_full.Count == 0 && _filling.Count == 0))
            return null;
        _writing = true;
        if (_full.Count == 0)
            QueueFilling();
        return _full.Dequeue();
    }

    private void QueueFilling()
    {
        _full.Enqueue(_filling);
        _filling = _free.Count > 0 ? _free.Pop() : new PacketBuffer(BufferSize);
    }

    /// <summary>Writes <paramref name="buffer"/> and whatever was queued meanwhile, inline while the socket keeps up.</summary>
    private void Write(PacketBuffer buffer)
    {
        while (true)
        {
            ValueTask<int> sending;
            try
            {
                sending = _socket.SendAsync(buffer.Written, SocketFlags.None, _closed.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                Close("connection_closed");
                return;
            }
            if (!sending.IsCompleted)
            {
                _ = FinishWriteAsync(sending, buffer);
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
            if (!Sent(sent, buffer, out var next))
                return;
            buffer = next!;
        }
    }

    private async Task FinishWriteAsync(ValueTask<int> sending, PacketBuffer buffer)
    {
        int sent;
        try
        {
            sent = await sending.ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Close("connection_closed");
            return;
        }
        if (Sent(sent, buffer, out var next))
            Write(next!);
    }

    /// <summary>After a completed write: the next filled buffer to write, or false when the writer goes idle.</summary>
    private bool Sent(int sent, PacketBuffer buffer, out PacketBuffer? next)
    {
        next = null;
        if (sent != buffer.Count)
        {
            // Socket.SendAsync on a stream socket returns after all bytes went out; anything else is a dead link.
            Close("connection_closed");
            return false;
        }
        _wrote = true;
        lock (_sendLock)
        {
            if (_free.Count < FreeBuffers)
            {
                buffer.Reset(RetainedBuffer);
                _free.Push(buffer);
            }
            else
            {
                buffer.Release();
            }
            _writing = false;
            next = TakeForWrite();
        }
        return next is not null;
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
                if (start == end)
                {
                    start = end = 0;
                }
                else if (start + need > buffer.Length)
                {
                    // Keep the partial packet at the front of a buffer that can hold all of it.
                    var target = need > buffer.Length ? ArrayPool<byte>.Shared.Rent(need) : buffer;
                    Buffer.BlockCopy(buffer, start, target, 0, end - start);
                    if (!ReferenceEquals(target, buffer))
                        ArrayPool<byte>.Shared.Return(buffer);
                    buffer = target;
                    end -= start;
                    start = 0;
                }
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
            if (length > 0 && !Dispatch(buffer.AsSpan(start + 4, (int)length)))
                return -1;
            start += 4 + (int)length;
        }
        return 4;
    }

    private bool Dispatch(ReadOnlySpan<byte> packet)
    {
        // Without DIST_HDR_ATOM_CACHE and FRAGMENTS every packet is pass-through (erl_dist_protocol).
        if (packet[0] != (byte)'p' || !Etf.Etf.TryDecodePrefix(packet[1..], out var control, out var used, out _))
            return false;
        Term? message = null;
        if (1 + used < packet.Length && !Etf.Etf.TryDecode(packet[(1 + used)..], out message, out _))
            return false;
        _onMessage(this, control, message);
        return true;
    }

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

    /// <summary>A tick is an empty packet: four zero bytes (erl_dist_protocol, dist_util tick).</summary>
    private void SendTick()
    {
        PacketBuffer? toWrite;
        lock (_sendLock)
        {
            _filling.GetSpan(4)[..4].Clear();
            _filling.Advance(4);
            toWrite = TakeForWrite();
        }
        if (toWrite is not null)
            Write(toWrite);
    }
}
