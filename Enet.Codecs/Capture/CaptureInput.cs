namespace Enet.Codecs.Capture;

/// <summary>
/// The byte source under a capture reader: counts the file offset for error reports, and lets
/// <see cref="CaptureFile"/> peek at the magic number of a stream that cannot seek.
/// </summary>
internal sealed class CaptureInput(Stream stream, bool leaveOpen) : IDisposable
{
    private readonly byte[] _peeked = new byte[8];
    private int _peekedStart;
    private int _peekedCount;

    /// <summary>The file offset of the next byte <see cref="Read"/> returns.</summary>
    public long Position { get; private set; }

    /// <summary>Fills <paramref name="destination"/> without consuming; returns how many bytes exist.</summary>
    public int Peek(Span<byte> destination)
    {
        if (destination.Length > _peeked.Length)
            throw new ArgumentOutOfRangeException(nameof(destination));
        if (_peekedStart > 0)
        {
            _peeked.AsSpan(_peekedStart, _peekedCount).CopyTo(_peeked);
            _peekedStart = 0;
        }
        while (_peekedCount < destination.Length)
        {
            var n = stream.Read(_peeked, _peekedCount, destination.Length - _peekedCount);
            if (n == 0)
                break;
            _peekedCount += n;
        }
        var available = Math.Min(_peekedCount, destination.Length);
        _peeked.AsSpan(0, available).CopyTo(destination);
        return available;
    }

    /// <summary>Reads until <paramref name="destination"/> is full or the stream ends; returns the count.</summary>
    public int Read(Span<byte> destination)
    {
        var total = 0;
        if (_peekedCount > 0)
        {
            total = Math.Min(_peekedCount, destination.Length);
            _peeked.AsSpan(_peekedStart, total).CopyTo(destination);
            _peekedStart += total;
            _peekedCount -= total;
        }
        while (total < destination.Length)
        {
            var n = stream.Read(destination[total..]);
            if (n == 0)
                break;
            total += n;
        }
        Position += total;
        return total;
    }

    /// <summary>
    /// Clamps a file offset into <see cref="DecodeError.Offset"/>; files past 2 GiB report
    /// <see cref="int.MaxValue"/>.
    /// </summary>
    public static int Offset(long position) => (int)Math.Min(position, int.MaxValue);

    public void Dispose()
    {
        if (!leaveOpen)
            stream.Dispose();
    }
}
