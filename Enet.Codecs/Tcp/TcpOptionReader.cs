using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryRead(out TcpOptionView option)
    {
        var options = _options;
        var position = _position;
        // A failed walk parks the position at the end, so this one test covers end, EOL and failure.
        if ((uint)position >= (uint)options.Length || _ended)
        {
            option = default;
            return false;
        }
        var kind = options[position];
        var length = 1;
        if (kind > TcpOptionKind.NoOperation)
        {
            var left = options.Length - position;
            if (left < 2 || (length = options[position + 1]) < 2 || length > left)
                return Fail(out option, kind, left);
        }
        // position + length <= options.Length was checked above; the slice needs no second check.
        option = new TcpOptionView(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref MemoryMarshal.GetReference(options), position), length), position);
        _position = position + length;
        _ended = kind == TcpOptionKind.EndOfOptionList;
        return true;
    }

    /// <summary>Ends the walk at a malformed option; out of line, so the message formatting costs the
    /// well-formed walk nothing.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool Fail(out TcpOptionView option, byte kind, int left)
    {
        option = default;
        var reason = left < 2 ? $"option kind {kind} has no length byte"
            : _options[_position + 1] < 2 ? $"option kind {kind} has length {_options[_position + 1]}, less than 2"
            : $"option kind {kind} of length {_options[_position + 1]} runs past the header ({left} bytes left)";
        Error = new DecodeError(Layer.Tcp, _position, reason);
        _position = _options.Length;
        return false;
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
