using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Threading.Channels;
using Enet.Remote.Etf;

namespace Enet.Remote.Distribution;

/// <summary>
/// One connected peer after the handshake (erl_dist_protocol "Protocol between connected nodes"): 4-byte
/// framed pass-through packets, an empty packet as tick, and the net_ticktime supervision of
/// erl_dist_protocol / net_kernel: tick when nothing was written in an interval, and close with
/// <c>net_tick_timeout</c> after <see cref="TickIntensity"/> intervals in which nothing was read.
/// </summary>
internal sealed class DistConnection
{
    public const int TickIntensity = 4;
    private const int MaxPacket = 128 * 1024 * 1024;
    private static readonly byte[] Tick = new byte[4];

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly Channel<byte[]> _outbound = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _closed = new();
    private readonly Action<DistConnection, Term, Term?> _onMessage;
    private readonly Action<DistConnection, string> _onDown;
    private readonly PeriodicTimer _tickTimer;
    private int _down;
    private volatile bool _wrote;
    private volatile bool _read;

    public DistConnection(Socket socket, HandshakeResult peer, bool outbound, TimeSpan netTicktime,
        Action<DistConnection, Term, Term?> onMessage, Action<DistConnection, string> onDown)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
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
        _ = Task.Run(WriteLoopAsync);
        _ = Task.Run(TickLoopAsync);
    }

    /// <summary>Queues a pass-through packet: 'p', the control tuple, and the message if the control message has one.</summary>
    public void Send(Term control, Term? message = null)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        var head = buffer.GetSpan(5);
        head[4] = (byte)'p';
        buffer.Advance(5);
        Etf.Etf.Encode(control, buffer);
        if (message is not null)
            Etf.Etf.Encode(message, buffer);
        var packet = buffer.WrittenSpan.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(packet, (uint)(packet.Length - 4));
        _outbound.Writer.TryWrite(packet);
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
        _outbound.Writer.TryComplete();
        _closed.Cancel();
        _stream.Dispose();
        _onDown(this, reason);
    }

    private async Task ReadLoopAsync()
    {
        var reader = new BufferedStream(_stream, 64 * 1024);
        var head = new byte[4];
        try
        {
            while (!_closed.IsCancellationRequested)
            {
                await reader.ReadExactlyAsync(head, _closed.Token).ConfigureAwait(false);
                _read = true;
                var length = BinaryPrimitives.ReadUInt32BigEndian(head);
                if (length == 0)
                    continue;
                if (length > MaxPacket)
                {
                    Close("killed");
                    return;
                }
                var packet = ArrayPool<byte>.Shared.Rent((int)length);
                try
                {
                    await reader.ReadExactlyAsync(packet.AsMemory(0, (int)length), _closed.Token).ConfigureAwait(false);
                    if (!Dispatch(packet.AsSpan(0, (int)length)))
                    {
                        // OTP kills a link that sends a packet it cannot parse; the nodedown reason it shows is killed.
                        Close("killed");
                        return;
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(packet);
                }
            }
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
            Close("connection_closed");
        }
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

    private async Task WriteLoopAsync()
    {
        try
        {
            var reader = _outbound.Reader;
            var batch = new ArrayBufferWriter<byte>(64 * 1024);
            while (await reader.WaitToReadAsync(_closed.Token).ConfigureAwait(false))
            {
                // Coalesce whatever is queued into one write: one syscall for a burst of small messages.
                while (batch.WrittenCount < 64 * 1024 && reader.TryRead(out var packet))
                    batch.Write(packet);
                await _stream.WriteAsync(batch.WrittenMemory, _closed.Token).ConfigureAwait(false);
                batch.ResetWrittenCount();
                _wrote = true;
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
            Close("connection_closed");
        }
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
                    _outbound.Writer.TryWrite(Tick);
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
}
