using Enet.Actors.Inet;

namespace Enet.Actors.GenTcp;

/// <summary>
/// A <see cref="Stream"/> over an Enet TCP connection, so StreamReader, SslStream or an HTTP client can talk through
/// Enet: a read takes what the socket has (recv with length 0, raw mode) and returns 0 once the peer has closed; a
/// write is a send. Disposing it closes the socket.
/// </summary>
public sealed class TcpStream : Stream
{
    private readonly TcpSocket socket;
    private ReadOnlyMemory<byte> leftover;
    private bool endOfStream;

    internal TcpStream(TcpSocket socket) => this.socket = socket;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
            return 0;
        if (leftover.IsEmpty && !endOfStream)
        {
            try
            {
                leftover = (await socket.RecvAsync().WaitAsync(cancellationToken)).Memory;
            }
            catch (InetException e) when (e.Reason is Posix.Closed or Posix.Enotconn)
            {
                endOfStream = true;
            }
        }
        var n = Math.Min(buffer.Length, leftover.Length);
        leftover[..n].CopyTo(buffer);
        leftover = leftover[n..];
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!buffer.IsEmpty)
            await socket.SendAsync(buffer).WaitAsync(cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <summary>A send is queued in the socket when it completes; there is nothing more to flush.</summary>
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await socket.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            socket.DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }
}
