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

    public TcpOptionReader(ReadOnlySpan<byte> options) => _options = options;

    /// <summary>Set when the walk stopped at a malformed option; offsets are relative to the first option byte.</summary>
    public DecodeError? Error { get; private set; }

    /// <summary>What follows an End of Option List: padding, which captures show is not always zero.</summary>
    public readonly ReadOnlySpan<byte> Padding => _ended ? _options[_position..] : [];

    /// <summary>The next option; false at the end of the area, after End of Option List, or on a malformed option.</summary>
    public bool TryRead(out TcpOptionView option)
    {
        option = default;
        if (_ended || Error is not null || _position >= _options.Length)
            return false;
        var rest = _options[_position..];
        var length = rest[0] switch
        {
            TcpOptionKind.EndOfOptionList or TcpOptionKind.NoOperation => 1,
            _ when rest.Length < 2 => Fail($"option kind {rest[0]} has no length byte"),
            _ when rest[1] < 2 => Fail($"option kind {rest[0]} has length {rest[1]}, less than 2"),
            _ when rest[1] > rest.Length => Fail($"option kind {rest[0]} of length {rest[1]} runs past the header ({rest.Length} bytes left)"),
            _ => rest[1],
        };
        if (length == 0)
            return false;
        option = new TcpOptionView(rest[..length], _position);
        _position += length;
        _ended = rest[0] == TcpOptionKind.EndOfOptionList;
        return true;
    }

    private int Fail(string reason)
    {
        Error = new DecodeError(Layer.Tcp, _position, reason);
        return 0;
    }
}
