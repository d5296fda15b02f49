using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using Akka.Event;
using Akka.Remote.Transport;
using Enet.Remote.Distribution;
using Google.Protobuf;

namespace Enet.Remote.AkkaRemote.Tcp;

internal sealed partial class SocketAssociation
{
    private const int ReadBufferSize = 64 * 1024;

    /// <summary>
    /// Reads as much as the connection has into one pooled buffer and hands every complete frame in it to
    /// <paramref name="upstream"/> (each PDU copied out once: the protocol layer keeps it). A frame larger than the
    /// buffer is read into an array of its own that grows with the bytes that arrive, so a peer announcing a large
    /// frame and sending nothing holds about 1 MiB, not the frame. A frame over maximum-frame-size closes the connection
    /// before a byte of it is kept, as DotNetty's frame decoder does. The end of the connection goes up as Disassociated.
    /// </summary>
    private async Task ReadLoopAsync(IHandleEventListener upstream)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        int start = 0, end = 0;
        try
        {
            while (true)
            {
                var need = DeliverFrames(buffer, ref start, end, upstream);
                if (need < 0)
                {
                    transport.Log.Warning("Closing the connection of {0}: a frame longer than maximum-frame-size ({1} bytes)", RemoteAddress, transport.Settings.MaxFrameSize);
                    return;
                }
                if (need > buffer.Length)
                {
                    if (!await ReadLargeFrameAsync(buffer.AsMemory(start + 4, end - start - 4), need - 4, upstream).ConfigureAwait(false))
                        return;
                    start = end = 0;
                    continue;
                }
                ReadBuffer.MakeRoom(buffer, ref start, ref end, need);
                var n = await stream.ReadAsync(buffer.AsMemory(end)).ConfigureAwait(false);
                if (n == 0)
                    return;
                end += n;
            }
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            // Not the connection's failure (a TLS record that fails to decrypt comes as IOException): worth a log line.
            transport.Log.Error(e, "Reading from {0} failed", RemoteAddress);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Close();
            upstream.Notify(new Disassociated(DisassociateInfo.Unknown));
        }
    }

    /// <summary>
    /// Hands up every complete frame in <c>buffer[start..end]</c>; returns the bytes the next frame needs in all
    /// (its length included), or -1 for a frame over the limit. Empty frames carry nothing and are skipped.
    /// </summary>
    private int DeliverFrames(byte[] buffer, ref int start, int end, IHandleEventListener upstream)
    {
        while (end - start >= 4)
        {
            var length = FrameLength(buffer.AsSpan(start, 4));
            // DotNetty's decoder counts the length field into maximum-frame-size.
            if (length < 0 || length > transport.Settings.MaxFrameSize - 4)
                return -1;
            if (end - start - 4 < length)
                return 4 + length;
            if (length > 0)
                Deliver(buffer.AsSpan(start + 4, length).ToArray(), upstream);
            start += 4 + length;
        }
        return 4;
    }

    /// <summary>The rest of a frame too large for the read buffer, into an array that doubles as bytes arrive; false when the connection ended.</summary>
    private async Task<bool> ReadLargeFrameAsync(ReadOnlyMemory<byte> received, int length, IHandleEventListener upstream)
    {
        // Every byte is overwritten by the reads, so skip zeroing.
        // As a distribution connection's large packet: a 1 MiB message's frame fits the first array, copied no more.
        var frame = GC.AllocateUninitializedArray<byte>(Math.Min(length, Math.Max(DistConnection.LargePacketStart, received.Length)));
        received.CopyTo(frame);
        var have = received.Length;
        while (have < length)
        {
            if (have == frame.Length)
            {
                var grown = GC.AllocateUninitializedArray<byte>((int)Math.Min(length, 2L * frame.Length));
                frame.AsSpan(0, have).CopyTo(grown);
                frame = grown;
            }
            var n = await stream.ReadAsync(frame.AsMemory(have)).ConfigureAwait(false);
            if (n == 0)
                return false;
            have += n;
        }
        Deliver(frame, upstream);
        return true;
    }

    private void Deliver(byte[] frame, IHandleEventListener upstream)
    {
        if (!draining)
            upstream.Notify(new InboundPayload(UnsafeByteOperations.UnsafeWrap(frame)));
    }

    private int FrameLength(ReadOnlySpan<byte> header) =>
        transport.Settings.BigEndian ? BinaryPrimitives.ReadInt32BigEndian(header) : BinaryPrimitives.ReadInt32LittleEndian(header);
}
