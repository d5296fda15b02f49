using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Akka.Remote.Transport;
using Enet.Remote.Distribution;
using Google.Protobuf;

namespace Enet.Remote.AkkaRemote.Tcp;

/// <summary>
/// One connection of <see cref="EnetTcpTransport"/>: PDUs out as frames (a 4-byte length, then the PDU), frames in as
/// PDUs for Akka's protocol layer. Writing works as a distribution connection's (<see cref="DistConnection"/>): a
/// PDU is framed into an <see cref="OutboundQueue"/> under a short lock (a large one by reference, not copied), and the
/// first one queued starts a writer that runs after the writing actor's turn and takes everything queued by then, in
/// one gathered socket write (or one TLS write per segment). The queue is bounded: past the limit a write is refused
/// and Akka's endpoint writer buffers and retries, as Akka's transport contract has it.
/// </summary>
internal sealed partial class SocketAssociation : AssociationHandle
{
    // One gathered write takes at most this many segments (well below the kernel's IOV_MAX of 1024).
    private const int MaxSegmentsPerWrite = 64;

    // Akka's protocol layer does not retry a refused control PDU (a Disassociate, a heartbeat), so PDUs this small
    // still get this much room past the queue's limit: a backlog of messages cannot crowd out a Disassociate.
    private const int ControlPdu = 1024;
    private const int ControlRoom = 64 * 1024;

    private readonly EnetTcpTransport transport;
    private readonly Socket socket;
    private readonly Stream stream;
    private readonly object gate = new();
    private readonly OutboundQueue queue = new();
    private readonly List<OutboundQueue.Segment> writing = [];
    private readonly List<ArraySegment<byte>> gathered = [];
    private bool isWriting;
    private bool closing;
    private long queuedBytes;
    private long maxQueuedBytes;
    private long writes;
    private int closed;
    private readonly TaskCompletionSource ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>After a half-close: frames still arriving are dropped (the protocol layer has let go of the handle).</summary>
    private volatile bool draining;

    public SocketAssociation(EnetTcpTransport transport, Address local, Address remote, Socket socket, Stream stream)
        : base(local, remote)
    {
        this.transport = transport;
        this.socket = socket;
        this.stream = stream;
        // Reads start once Akka's protocol layer listens, so no frame arrives before it can take it; on a pool thread,
        // not the one of the actor that registered the listener.
        ReadHandlerSource.Task.ContinueWith(t => ReadLoopAsync(t.Result), TaskContinuationOptions.OnlyOnRanToCompletion);
    }

    /// <summary>Completes when the connection is closed.</summary>
    internal Task Ended => ended.Task;

    /// <summary>Disassociated by the protocol layer, and still writing or waiting for the peer to close.</summary>
    internal bool IsClosing
    {
        get
        {
            lock (gate)
                return closing;
        }
    }

    /// <summary>Bytes queued or being written.</summary>
    internal long QueuedBytes
    {
        get
        {
            lock (gate)
                return queuedBytes;
        }
    }

    /// <summary>The most bytes the queue ever held: the limit plus at most one PDU.</summary>
    internal long MaxQueuedBytes
    {
        get
        {
            lock (gate)
                return maxQueuedBytes;
        }
    }

    /// <summary>Writes to the connection so far; a burst of PDUs goes out in one.</summary>
    internal long Writes => Interlocked.Read(ref writes);

    public override bool Write(ByteString payload)
    {
        bool startWriter;
        lock (gate)
        {
            if (closing || Volatile.Read(ref closed) != 0 || queuedBytes >= transport.Settings.WriteQueueLimit + (payload.Length < ControlPdu ? ControlRoom : 0))
                return false;
            var head = queue.GetSpan(4);
            if (transport.Settings.BigEndian)
                BinaryPrimitives.WriteInt32BigEndian(head, payload.Length);
            else
                BinaryPrimitives.WriteInt32LittleEndian(head, payload.Length);
            queue.Advance(4);
            if (payload.Length >= OutboundQueue.ByReference)
            {
                queue.WriteReference(payload.Memory);
            }
            else if (payload.Length > 0)
            {
                payload.Span.CopyTo(queue.GetSpan(payload.Length));
                queue.Advance(payload.Length);
            }
            queuedBytes += 4 + payload.Length;
            maxQueuedBytes = Math.Max(maxQueuedBytes, queuedBytes);
            startWriter = !isWriting;
            isWriting = true;
        }
        // After the writing actor's turn, on its thread unless an idle worker takes it first: the rest of a burst
        // joins the same write (see DistConnection.Send, measured there).
        if (startWriter)
            ThreadPool.UnsafeQueueUserWorkItem(static association => _ = association.WriteLoopAsync(), this, preferLocal: true);
        return true;
    }

    /// <summary>
    /// Akka's protocol layer is done with the connection: what is queued is still written, then the connection is
    /// half-closed and closed when the peer closes its end, and at the latest akka.remote.flush-wait-on-shutdown after
    /// this call (a peer that stops reading cannot hold it), as DotNetty closes it: a peer reads our Disassociate
    /// before the connection goes.
    /// </summary>
    [Obsolete("Use the method that states reasons to make sure disassociation reasons are logged.")]
    public override void Disassociate()
    {
        bool idle;
        lock (gate)
        {
            if (closing)
                return;
            closing = true;
            idle = !isWriting;
        }
        _ = Task.Delay(transport.FlushWait).ContinueWith(static (_, association) => ((SocketAssociation)association!).Close(), this, TaskScheduler.Default);
        if (idle)
            _ = HalfCloseAsync();
    }

    /// <summary>Closes the connection at once; the read loop tells the protocol layer.</summary>
    internal void Close()
    {
        if (Interlocked.Exchange(ref closed, 1) != 0)
            return;
        transport.Forget(this);
        stream.Dispose();
        ended.TrySetResult();
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            while (true)
            {
                int bytes;
                lock (gate)
                {
                    bytes = queue.TakeInto(writing, MaxSegmentsPerWrite);
                    if (bytes == 0)
                    {
                        isWriting = false;
                        if (!closing)
                            return;
                    }
                }
                if (bytes == 0)
                {
                    await HalfCloseAsync().ConfigureAwait(false);
                    return;
                }
                await WriteTakenAsync(bytes).ConfigureAwait(false);
                lock (gate)
                    queuedBytes -= bytes;
            }
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            Close();
        }
        catch (Exception e)
        {
            // Anything else is a defect; a work item's exception would end the process, so the connection goes instead.
            transport.Log.Error(e, "Writing to {0} failed", RemoteAddress);
            Close();
        }
    }

    private async ValueTask WriteTakenAsync(int bytes)
    {
        Interlocked.Increment(ref writes);
        if (stream is SslStream)
        {
            foreach (var segment in writing)
                await stream.WriteAsync(segment.Bytes.AsMemory()).ConfigureAwait(false);
        }
        else if (writing.Count == 1)
        {
            await SentAllAsync(socket.SendAsync(writing[0].Bytes.AsMemory(), SocketFlags.None), bytes).ConfigureAwait(false);
        }
        else
        {
            gathered.Clear();
            foreach (var segment in writing)
                gathered.Add(segment.Bytes);
            await SentAllAsync(new ValueTask<int>(socket.SendAsync(gathered, SocketFlags.None)), bytes).ConfigureAwait(false);
        }
        foreach (var segment in writing)
            segment.Release();
        writing.Clear();
    }

    /// <summary>A send on a stream socket returns once every byte went out; anything else is a dead connection.</summary>
    private static async ValueTask SentAllAsync(ValueTask<int> sending, int bytes)
    {
        if (await sending.ConfigureAwait(false) != bytes)
            throw new IOException("the connection took part of a write");
    }

    /// <summary>After the last write: TLS's close_notify and a TCP half-close; the peer's close (or the flush wait) ends it.</summary>
    private async Task HalfCloseAsync()
    {
        draining = true;
        try
        {
            if (stream is SslStream tls)
                await tls.ShutdownAsync().ConfigureAwait(false);
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception)
        {
            // Whatever went wrong, the connection is being let go: close it now rather than wait.
            Close();
        }
    }
}
