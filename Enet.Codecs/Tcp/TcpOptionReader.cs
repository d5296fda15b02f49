namespace Enet.Codecs;

/// <summary>
/// Walks TCP options without allocating (RFC 9293 3.2). Every step consumes at least one byte and never reads
/// past the options area, so hostile lengths (0, 1, or past the data offset) end the walk with an
/// <see cref="Error"/> instead of looping or overrunning (PacketDotNet's trap).
/// </summary>
public ref struct TcpOptionReader
{
    private readonly ReadOnlySpan<byte> _options;
    private int _position;
    private bool _ended;
    private bool _failed;

    public TcpOptionReader(ReadOnlySpan<byte> options) => _options = options;

    /// <summary>Set when the walk stopped at a malformed option; offsets are relative to the first option byte.</summary>
    public DecodeError? Error { get; private set; }

    /// <summary>What follows an End of Option List: padding, which captures show is not always zero.</summary>
    public readonly ReadOnlySpan<byte> Padding => _ended ? _options[_position..] : [];

    /// <summary>The next option; false at the end of the area, after End of Option List, or on a malformed option.</summary>
    public bool TryRead(out TcpOptionView option)
    {
        option = default;
        if (_ended || _failed || _position >= _options.Length)
            return false;
        var kind = _options[_position];
        var left = _options.Length - _position;
        int length;
        if (kind is TcpOptionKind.EndOfOptionList or TcpOptionKind.NoOperation)
            length = 1;
        else if (left < 2)
            length = Fail($"option kind {kind} has no length byte");
        else if ((length = _options[_position + 1]) < 2)
            length = Fail($"option kind {kind} has length {length}, less than 2");
        else if (length > left)
            length = Fail($"option kind {kind} of length {length} runs past the header ({left} bytes left)");
        if (length == 0)
            return false;
        option = new TcpOptionView(_options.Slice(_position, length), _position);
        _position += length;
        _ended = kind == TcpOptionKind.EndOfOptionList;
        return true;
    }

    private int Fail(string reason)
    {
        _failed = true;
        Error = new DecodeError(Layer.Tcp, _position, reason);
        return 0;
    }

    /// <summary>
    /// Checks the whole options area in one tight pass (what <see cref="TcpPacket.TryParse"/> runs per segment);
    /// only a malformed area pays for a second, error-building walk.
    /// </summary>
    internal static bool IsWellFormed(ReadOnlySpan<byte> options)
    {
        var position = 0;
        while (position < options.Length)
        {
            var kind = options[position];
            if (kind == TcpOptionKind.EndOfOptionList)
                return true;
            if (kind == TcpOptionKind.NoOperation)
            {
                position++;
                continue;
            }
            if (options.Length - position < 2)
                return false;
            var length = options[position + 1];
            if (length < 2 || length > options.Length - position)
                return false;
            position += length;
        }
        return true;
    }
}
