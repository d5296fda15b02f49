using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Enet.Remote.Etf;

/// <summary>
/// Writes terms in the forms OTP 25's <c>term_to_binary</c> chooses (erl_ext_dist), so that bytes OTP
/// produced re-encode identically: small integers as SMALL_INTEGER_EXT, byte lists as STRING_EXT, atoms
/// as the UTF-8 atom tags, pids/refs in their 32-bit-creation forms.
/// </summary>
internal sealed class EtfWriter(IBufferWriter<byte> output)
{
    private readonly IBufferWriter<byte> _output = output;

    public void WriteVersioned(Term term)
    {
        WriteByte((byte)EtfTag.Version);
        Write(term);
    }

    public void Write(Term term)
    {
        switch (term)
        {
            case ErlAtom a: WriteAtom(a); break;
            case ErlInteger i: WriteInteger(i.Value); break;
            case ErlFloat f: WriteByte((byte)EtfTag.NewFloat); BinaryPrimitives.WriteDoubleBigEndian(Take(8), f.Value); break;
            case ErlTuple t: WriteTuple(t); break;
            case ErlList l: WriteList(l); break;
            case ErlBinary b: WriteBinary(b); break;
            case ErlMap m: WriteMap(m); break;
            case ErlPid p: WritePid(p); break;
            case ErlPort p: WritePort(p); break;
            case ErlRef r: WriteRef(r); break;
            case ErlFun f: WriteBytes(f.Encoded); break;
            default: throw new ArgumentException($"not an ETF term type: {term.GetType()}", nameof(term));
        }
    }

    private void WriteAtom(ErlAtom atom)
    {
        var length = Encoding.UTF8.GetByteCount(atom.Name);
        if (length <= byte.MaxValue)
        {
            WriteByte((byte)EtfTag.SmallAtomUtf8);
            WriteByte((byte)length);
        }
        else
        {
            WriteByte((byte)EtfTag.AtomUtf8);
            WriteUInt16((ushort)length);
        }
        Encoding.UTF8.GetBytes(atom.Name, Take(length));
    }

    private void WriteInteger(BigInteger value)
    {
        if (value >= 0 && value <= byte.MaxValue)
        {
            WriteByte((byte)EtfTag.SmallInteger);
            WriteByte((byte)value);
        }
        else if (value >= int.MinValue && value <= int.MaxValue)
        {
            WriteByte((byte)EtfTag.Integer);
            BinaryPrimitives.WriteInt32BigEndian(Take(4), (int)value);
        }
        else
        {
            var magnitude = BigInteger.Abs(value);
            var n = magnitude.GetByteCount(isUnsigned: true);
            if (n <= byte.MaxValue)
            {
                WriteByte((byte)EtfTag.SmallBig);
                WriteByte((byte)n);
            }
            else
            {
                WriteByte((byte)EtfTag.LargeBig);
                WriteUInt32((uint)n);
            }
            WriteByte(value.Sign < 0 ? (byte)1 : (byte)0);
            magnitude.TryWriteBytes(Take(n), out _, isUnsigned: true, isBigEndian: false);
        }
    }

    private void WriteTuple(ErlTuple tuple)
    {
        if (tuple.Arity <= byte.MaxValue)
        {
            WriteByte((byte)EtfTag.SmallTuple);
            WriteByte((byte)tuple.Arity);
        }
        else
        {
            WriteByte((byte)EtfTag.LargeTuple);
            WriteUInt32((uint)tuple.Arity);
        }
        foreach (var e in tuple.Elements)
            Write(e);
    }

    private void WriteList(ErlList list)
    {
        if (list.IsNil)
        {
            WriteByte((byte)EtfTag.Nil);
            return;
        }
        if (list.IsProper && list.Elements.Count <= ushort.MaxValue
            && list.Elements.All(e => e is ErlInteger i && i.Value >= 0 && i.Value <= byte.MaxValue))
        {
            WriteByte((byte)EtfTag.String);
            WriteUInt16((ushort)list.Elements.Count);
            var chars = Take(list.Elements.Count);
            for (var k = 0; k < chars.Length; k++)
                chars[k] = (byte)((ErlInteger)list.Elements[k]).Value;
            return;
        }
        WriteByte((byte)EtfTag.List);
        WriteUInt32((uint)list.Elements.Count);
        foreach (var e in list.Elements)
            Write(e);
        Write(list.Tail);
    }

    private void WriteBinary(ErlBinary binary)
    {
        if (binary.IsBitstring)
        {
            WriteByte((byte)EtfTag.BitBinary);
            WriteUInt32((uint)binary.Bytes.Length);
            WriteByte((byte)binary.TailBits);
        }
        else
        {
            WriteByte((byte)EtfTag.Binary);
            WriteUInt32((uint)binary.Bytes.Length);
        }
        // A large binary goes to the socket from where it lies when the output can take it by reference.
        if (_output is IBinaryReferenceWriter byReference && binary.Bytes.Length >= byReference.ReferenceMinimum)
            byReference.WriteReference(binary.Bytes);
        else
            WriteBytes(binary.Bytes.Span);
    }

    private void WriteMap(ErlMap map)
    {
        WriteByte((byte)EtfTag.Map);
        WriteUInt32((uint)map.Pairs.Count);
        foreach (var (k, v) in map.Pairs)
        {
            Write(k);
            Write(v);
        }
    }

    private void WritePid(ErlPid pid)
    {
        WriteByte((byte)EtfTag.NewPid);
        WriteAtom(pid.Node);
        WriteUInt32(pid.Id);
        WriteUInt32(pid.Serial);
        WriteUInt32(pid.Creation);
    }

    private void WritePort(ErlPort port)
    {
        var wide = port.Id > uint.MaxValue;
        WriteByte(wide ? (byte)EtfTag.V4Port : (byte)EtfTag.NewPort);
        WriteAtom(port.Node);
        if (wide)
            BinaryPrimitives.WriteUInt64BigEndian(Take(8), port.Id);
        else
            WriteUInt32((uint)port.Id);
        WriteUInt32(port.Creation);
    }

    private void WriteRef(ErlRef reference)
    {
        WriteByte((byte)EtfTag.NewerReference);
        WriteUInt16((ushort)reference.Ids.Length);
        WriteAtom(reference.Node);
        WriteUInt32(reference.Creation);
        foreach (var id in reference.Ids)
            WriteUInt32(id);
    }

    private void WriteByte(byte value)
    {
        Take(1)[0] = value;
    }

    private void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Take(2), value);

    private void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Take(4), value);

    private void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Take(bytes.Length));

    /// <summary>The next <paramref name="count"/> bytes of the output, already advanced past.</summary>
    private Span<byte> Take(int count)
    {
        var span = _output.GetSpan(count)[..count];
        _output.Advance(count);
        return span;
    }
}
