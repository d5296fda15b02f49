using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Numerics;
using System.Text;

namespace Enet.Remote.Etf;

/// <summary>
/// Reads one term at a time from untrusted bytes (erl_ext_dist). Every length is checked against the bytes
/// left before anything is allocated, nesting is bounded, and a failure is an <see cref="EtfError"/>, never
/// an exception.
/// </summary>
/// <remarks>
/// Given <c>shared</c> (the same bytes as memory, which the caller never reuses), a binary of
/// <see cref="SharedBinaryMinimum"/> bytes or more is a slice of it instead of a copy, as an Erlang sub-binary
/// refers into its refc binary; smaller ones are copied, like Erlang's heap binaries, so that a few bytes do not
/// keep a large packet alive.
/// </remarks>
internal ref struct EtfReader(ReadOnlySpan<byte> bytes, EtfLimits limits, ReadOnlyMemory<byte> shared = default)
{
    /// <summary>Erlang keeps binaries up to 64 bytes on the process heap (ERL_ONHEAP_BIN_LIMIT) and shares larger ones.</summary>
    public const int SharedBinaryMinimum = 65;

    private const ulong MaxInflation = 1032;

    private readonly ReadOnlySpan<byte> _bytes = bytes;
    private readonly EtfLimits _limits = limits;
    private readonly ReadOnlyMemory<byte> _shared = shared;

    public int Position { get; private set; }

    public EtfError? Error { get; private set; }

    public readonly int Remaining => _bytes.Length - Position;

    /// <summary>The 131 version byte, then a term or a compressed term (erl_ext_dist "Introduction").</summary>
    public Term? ReadVersionedTerm()
    {
        if (!TryTake(1, out var version))
            return null;
        if (version[0] != (byte)EtfTag.Version)
            return Fail(Position - 1, $"version byte {version[0]}, expected 131");
        if (Remaining > 0 && _bytes[Position] == (byte)EtfTag.Compressed)
        {
            Position++;
            return ReadCompressed();
        }
        return ReadTerm(0);
    }

    private Term? ReadCompressed()
    {
        var start = Position;
        if (!TryTake(4, out var sizeBytes))
            return null;
        var size = BinaryPrimitives.ReadUInt32BigEndian(sizeBytes);
        if (size > (uint)_limits.MaxUncompressedSize)
            return Fail(start, $"compressed term inflates to {size} bytes, limit {_limits.MaxUncompressedSize}");
        // Deflate inflates at most 1032 times (zlib's technical details, "Maximum compression factor"): a
        // larger declared size is a lie, refused before its buffer is allocated.
        if (size > (ulong)Remaining * MaxInflation + MaxInflation)
            return Fail(start, $"compressed term declares {size} bytes, more than {Remaining} bytes of zlib could inflate to");
        var inflated = new byte[size];
        int got;
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(_bytes[Position..].ToArray()), CompressionMode.Decompress);
            got = zlib.ReadAtLeast(inflated, inflated.Length, throwOnEndOfStream: false);
            if (got == inflated.Length && zlib.ReadByte() >= 0)
                return Fail(start, "compressed term longer than its declared size");
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // Malformed streams surface as either: InvalidDataException, or ZLibException (an IOException) when
            // zlib itself reports the error; the stream is in memory, so no IOException comes from reading it.
            return Fail(Position, "bad zlib data: " + e.Message);
        }
        if (got != inflated.Length)
            return Fail(start, $"compressed term inflated to {got} bytes, declared {size}");
        // The inflated array is this term's alone, so its binaries can be slices of it.
        var inner = new EtfReader(inflated, _limits, inflated);
        var term = inner.ReadTerm(0);
        if (term is null)
            return Fail(Position + (inner.Error?.Offset ?? 0), "in compressed term: " + inner.Error?.Reason);
        if (inner.Remaining != 0)
            return Fail(Position, "bytes left over inside compressed term");
        Position = _bytes.Length;
        return term;
    }

    public Term? ReadTerm(int depth)
    {
        if (depth > _limits.MaxDepth)
            return Fail(Position, $"nesting deeper than {_limits.MaxDepth}");
        var start = Position;
        if (!TryTake(1, out var tagByte))
            return null;
        switch ((EtfTag)tagByte[0])
        {
            case EtfTag.SmallInteger:
                return TryTake(1, out var b) ? new ErlInteger(b[0]) : null;
            case EtfTag.Integer:
                return TryTake(4, out var i) ? new ErlInteger(BinaryPrimitives.ReadInt32BigEndian(i)) : null;
            case EtfTag.SmallBig:
                return TryTake(1, out var sn) ? ReadBig(sn[0]) : null;
            case EtfTag.LargeBig:
                return TryTake(4, out var ln) ? ReadBig(BinaryPrimitives.ReadUInt32BigEndian(ln)) : null;
            case EtfTag.NewFloat:
                return TryTake(8, out var f) ? new ErlFloat(BinaryPrimitives.ReadDoubleBigEndian(f)) : null;
            case EtfTag.Float:
                return ReadOldFloat();
            case EtfTag.AtomUtf8:
            case EtfTag.Atom:
                return ReadAtom(2, utf8: tagByte[0] == (byte)EtfTag.AtomUtf8);
            case EtfTag.SmallAtomUtf8:
            case EtfTag.SmallAtom:
                return ReadAtom(1, utf8: tagByte[0] == (byte)EtfTag.SmallAtomUtf8);
            case EtfTag.SmallTuple:
                return TryTake(1, out var sa) ? ReadTuple(sa[0], depth) : null;
            case EtfTag.LargeTuple:
                return TryTake(4, out var la) ? ReadTuple(BinaryPrimitives.ReadUInt32BigEndian(la), depth) : null;
            case EtfTag.Nil:
                return ErlList.Nil;
            case EtfTag.String:
                return ReadString();
            case EtfTag.List:
                return ReadList(depth);
            case EtfTag.Map:
                return ReadMap(depth);
            case EtfTag.Binary:
                return ReadBinary(bitBinary: false);
            case EtfTag.BitBinary:
                return ReadBinary(bitBinary: true);
            case EtfTag.NewPid:
            case EtfTag.Pid:
                return ReadPid(depth, newForm: tagByte[0] == (byte)EtfTag.NewPid);
            case EtfTag.NewPort:
            case EtfTag.Port:
            case EtfTag.V4Port:
                return ReadPort(depth, (EtfTag)tagByte[0]);
            case EtfTag.NewerReference:
            case EtfTag.NewReference:
                return ReadNewReference(depth, newer: tagByte[0] == (byte)EtfTag.NewerReference);
            case EtfTag.Reference:
                return ReadOldReference(depth);
            case EtfTag.NewFun:
                return ReadNewFun(start);
            case EtfTag.Export:
                return ReadExport(start, depth);
            case EtfTag.AtomCacheRef:
                return Fail(start, "ATOM_CACHE_REF outside a distribution header (atom cache not negotiated)");
            default:
                return Fail(start, $"unknown tag {tagByte[0]}");
        }
    }

    private Term? ReadBig(uint n)
    {
        var start = Position;
        if (!TryTake(1, out var sign) || !TryTake(n, out var digits))
            return null;
        if (sign[0] > 1)
            return Fail(start, $"bignum sign byte {sign[0]}");
        var magnitude = new BigInteger(digits, isUnsigned: true, isBigEndian: false);
        return new ErlInteger(sign[0] == 1 ? -magnitude : magnitude);
    }

    private Term? ReadOldFloat()
    {
        var start = Position;
        if (!TryTake(31, out var text))
            return null;
        var s = Encoding.ASCII.GetString(text).TrimEnd('\0');
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? new ErlFloat(d)
            : Fail(start, "FLOAT_EXT text is not a finite number");
    }

    private ErlAtom? ReadAtom(int lengthBytes, bool utf8)
    {
        var start = Position;
        if (!TryTake(lengthBytes, out var len))
            return null;
        var n = lengthBytes == 1 ? len[0] : BinaryPrimitives.ReadUInt16BigEndian(len);
        if (!TryTake(n, out var text))
            return null;
        string name;
        if (utf8)
        {
            try
            {
                name = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(text);
            }
            catch (DecoderFallbackException)
            {
                return (ErlAtom?)Fail(start, "atom is not valid UTF-8");
            }
        }
        else
        {
            name = Encoding.Latin1.GetString(text);
        }
        if (name.EnumerateRunes().Count() > ErlAtom.MaxLength)
            return (ErlAtom?)Fail(start, $"atom longer than {ErlAtom.MaxLength} characters");
        return new ErlAtom(name);
    }

    /// <summary>An atom where the protocol requires one (node names, export module and function).</summary>
    private ErlAtom? ReadAtomTerm(int depth)
    {
        var start = Position;
        var term = ReadTerm(depth + 1);
        return term is null ? null : term as ErlAtom ?? (ErlAtom?)Fail(start, "expected an atom");
    }

    private Term? ReadTuple(uint arity, int depth)
    {
        if (arity > Remaining)
            return Fail(Position, $"tuple arity {arity} exceeds the {Remaining} bytes left");
        var elements = new Term[arity];
        for (var k = 0; k < elements.Length; k++)
        {
            var e = ReadTerm(depth + 1);
            if (e is null)
                return null;
            elements[k] = e;
        }
        return new ErlTuple(elements);
    }

    private Term? ReadString()
    {
        if (!TryTake(2, out var len) || !TryTake(BinaryPrimitives.ReadUInt16BigEndian(len), out var chars))
            return null;
        var elements = new Term[chars.Length];
        for (var k = 0; k < chars.Length; k++)
            elements[k] = new ErlInteger(chars[k]);
        return new ErlList(elements, null);
    }

    private Term? ReadList(int depth)
    {
        if (!TryTake(4, out var len))
            return null;
        var n = BinaryPrimitives.ReadUInt32BigEndian(len);
        if (n > Remaining)
            return Fail(Position - 4, $"list length {n} exceeds the {Remaining} bytes left");
        var elements = new Term[n];
        for (var k = 0; k < elements.Length; k++)
        {
            var e = ReadTerm(depth + 1);
            if (e is null)
                return null;
            elements[k] = e;
        }
        var tail = ReadTerm(depth + 1);
        // No elements: the list is its tail, as binary_to_term decodes it (erl_ext_dist LIST_EXT).
        return tail is null || n == 0 ? tail : new ErlList(elements, tail);
    }

    private Term? ReadMap(int depth)
    {
        if (!TryTake(4, out var len))
            return null;
        var n = BinaryPrimitives.ReadUInt32BigEndian(len);
        if (n > Remaining / 2)
            return Fail(Position - 4, $"map arity {n} exceeds the {Remaining} bytes left");
        var pairs = new KeyValuePair<Term, Term>[n];
        var keys = new HashSet<Term>(pairs.Length);
        for (var k = 0; k < pairs.Length; k++)
        {
            var keyAt = Position;
            var key = ReadTerm(depth + 1);
            if (key is null)
                return null;
            // erl_ext_dist MAP_EXT: "Duplicate keys are not allowed within the same map" (binary_to_term refuses them).
            if (!keys.Add(key))
                return Fail(keyAt, $"duplicate key {key} in a map");
            var value = ReadTerm(depth + 1);
            if (value is null)
                return null;
            pairs[k] = new(key, value);
        }
        return new ErlMap(pairs);
    }

    private Term? ReadBinary(bool bitBinary)
    {
        var start = Position;
        if (!TryTake(4, out var len))
            return null;
        var n = BinaryPrimitives.ReadUInt32BigEndian(len);
        var bits = 8;
        if (bitBinary)
        {
            if (!TryTake(1, out var b))
                return null;
            bits = b[0];
            if (n == 0 ? bits != 0 && bits != 8 : bits is < 1 or > 8)
                return Fail(start, $"bit binary with {bits} bits in its last byte");
            if (n == 0)
                bits = 8;
        }
        var at = Position;
        if (!TryTake(n, out var data))
            return null;
        // A bitstring's unused bits are cleared in its own copy; the packet it came in stays as received.
        if (!_shared.IsEmpty && data.Length >= SharedBinaryMinimum && bits == 8)
            return new ErlBinary(_shared.Slice(at, data.Length));
        // Every byte is overwritten at once, so skip zeroing.
        var bytes = GC.AllocateUninitializedArray<byte>(data.Length);
        data.CopyTo(bytes);
        return new ErlBinary(bytes, bits);
    }

    private Term? ReadPid(int depth, bool newForm)
    {
        var node = ReadAtomTerm(depth);
        if (node is null || !TryTake(newForm ? 12 : 9, out var rest))
            return null;
        var creation = newForm ? BinaryPrimitives.ReadUInt32BigEndian(rest[8..]) : rest[8];
        return new ErlPid(node, BinaryPrimitives.ReadUInt32BigEndian(rest), BinaryPrimitives.ReadUInt32BigEndian(rest[4..]), creation);
    }

    private Term? ReadPort(int depth, EtfTag tag)
    {
        var node = ReadAtomTerm(depth);
        if (node is null)
            return null;
        switch (tag)
        {
            case EtfTag.V4Port:
                return TryTake(12, out var v4)
                    ? new ErlPort(node, BinaryPrimitives.ReadUInt64BigEndian(v4), BinaryPrimitives.ReadUInt32BigEndian(v4[8..]))
                    : null;
            case EtfTag.NewPort:
                return TryTake(8, out var np)
                    ? new ErlPort(node, BinaryPrimitives.ReadUInt32BigEndian(np), BinaryPrimitives.ReadUInt32BigEndian(np[4..]))
                    : null;
            default:
                return TryTake(5, out var p) ? new ErlPort(node, BinaryPrimitives.ReadUInt32BigEndian(p), p[4]) : null;
        }
    }

    private Term? ReadNewReference(int depth, bool newer)
    {
        var start = Position;
        if (!TryTake(2, out var len))
            return null;
        var n = BinaryPrimitives.ReadUInt16BigEndian(len);
        if (n is < 1 or > ErlRef.MaxIds)
            return Fail(start, $"reference with {n} id words, expected 1..{ErlRef.MaxIds}");
        var node = ReadAtomTerm(depth);
        if (node is null || !TryTake(newer ? 4 : 1, out var c) || !TryTake(4 * n, out var words))
            return null;
        var ids = new uint[n];
        for (var k = 0; k < n; k++)
            ids[k] = BinaryPrimitives.ReadUInt32BigEndian(words[(4 * k)..]);
        return new ErlRef(node, newer ? BinaryPrimitives.ReadUInt32BigEndian(c) : c[0], ids);
    }

    private Term? ReadOldReference(int depth)
    {
        var node = ReadAtomTerm(depth);
        return node is not null && TryTake(5, out var r)
            ? new ErlRef(node, r[4], [BinaryPrimitives.ReadUInt32BigEndian(r)])
            : null;
    }

    /// <summary>NEW_FUN_EXT starts with its own total size, so it can be kept whole without parsing it.</summary>
    private Term? ReadNewFun(int start)
    {
        if (!TryTake(4, out var sizeBytes))
            return null;
        var size = BinaryPrimitives.ReadUInt32BigEndian(sizeBytes);
        if (size < 4 || size - 4 > Remaining)
            return Fail(start, $"fun size {size} does not fit the {Remaining + 4} bytes left");
        Position += (int)size - 4;
        return new ErlFun(_bytes[start..Position].ToArray());
    }

    private Term? ReadExport(int start, int depth)
    {
        if (ReadAtomTerm(depth) is null || ReadAtomTerm(depth) is null)
            return null;
        var arityAt = Position;
        if (ReadTerm(depth + 1) is not ErlInteger)
            return Error is null ? Fail(arityAt, "export arity is not an integer") : null;
        return new ErlFun(_bytes[start..Position].ToArray());
    }

    private bool TryTake(long count, out ReadOnlySpan<byte> taken)
    {
        if (count > Remaining)
        {
            Fail(Position, $"needs {count} bytes, {Remaining} left");
            taken = default;
            return false;
        }
        taken = _bytes.Slice(Position, (int)count);
        Position += (int)count;
        return true;
    }

    private Term? Fail(int offset, string reason)
    {
        Error ??= new EtfError(offset, reason);
        return null;
    }
}
