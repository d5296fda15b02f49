using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;
using System.Text;
using Enet.Remote.Etf;

namespace Enet.Fuzz.Targets;

/// <summary>
/// The External Term Format decoder (erl_ext_dist) on untrusted bytes: it returns an <see cref="EtfError"/>,
/// never throws, and a decoded term encodes to bytes that decode to the same term and encode again to the same
/// bytes. Byte equality with the input is not promised: old forms (ATOM_EXT, FLOAT_EXT, PID_EXT ...) and
/// compressed terms decode to the term Erlang would, and encode in the current form.
/// </summary>
public static class EtfTarget
{
    public static FuzzTarget Target { get; } = new("etf", Check, _ => Seeds());

    private static void Check(ReadOnlySpan<byte> bytes)
    {
        // A distribution packet's terms decode with their binaries as slices of the packet: the same terms.
        var sharedOk = Etf.TryDecodePrefixShared(bytes.ToArray(), out var shared, out var consumed, out _) && consumed == bytes.Length;
        if (!Etf.TryDecode(bytes, out var term, out _))
        {
            ContractViolation.Require(!sharedOk, $"{shared} decodes from a shared packet but not from a copy");
            return;
        }
        ContractViolation.Require(sharedOk && shared.Equals(term), $"{term} decodes from a shared packet as {shared}");
        _ = term.ToString();
        _ = term.GetHashCode();
        var encoded = Etf.Encode(term);
        ContractViolation.Require(Etf.TryDecode(encoded, out var again, out var error), $"{term} encodes to bytes that do not decode: {error}");
        ContractViolation.Require(again.Equals(term), $"{term} encodes and decodes as {again}");
        ContractViolation.RequireSame(encoded, Etf.Encode(again), $"{term} encodes differently the second time");
    }

    private static IEnumerable<byte[]> Seeds()
    {
        ErlAtom node = "enet@localhost";
        Term[] terms =
        [
            new ErlAtom("ok"), new ErlAtom("héllo"), 0, 255, -1, int.MaxValue, long.MinValue, new ErlInteger(BigInteger.Pow(2, 300)),
            1.5, -0.0, ErlList.Nil, new ErlList(1, 2, 3), new ErlList([new ErlAtom("a")], new ErlAtom("tail")),
            new ErlTuple(new ErlAtom("reply"), 7, new ErlBinary("data"u8.ToArray())), new ErlBinary([0xA0], tailBits: 3),
            new ErlMap([new(new ErlAtom("key"), new ErlList(new ErlTuple())), new(1, 2.5)]),
            new ErlPid(node, 42, 0, 3), new ErlPort(node, 7, 3), new ErlRef(node, 3, [1, 2, 3]),
            new ErlTuple([.. Enumerable.Range(0, 300).Select(i => (Term)i)]),
        ];
        foreach (var term in terms)
            yield return Etf.Encode(term);
        // Forms the encoder never writes but Erlang nodes may send.
        yield return [131, 100, 0, 2, 0xE9, 0x74];
        yield return [131, 115, 1, (byte)'a'];
        yield return [131, 107, 0, 3, 1, 2, 3];
        yield return [131, 99, .. Encoding.ASCII.GetBytes("1.50000000000000000000e+00".PadRight(31, '\0'))];
        yield return [131, 113, 119, 1, (byte)'m', 119, 1, (byte)'f', 97, 2];
        yield return Compressed(Etf.Encode(terms[^1]));
    }

    /// <summary>COMPRESSED (tag 80): the uncompressed size, then the term after the version byte, zlib-deflated.</summary>
    private static byte[] Compressed(byte[] versioned)
    {
        using var output = new MemoryStream();
        var head = new byte[6];
        head[0] = 131;
        head[1] = 80;
        BinaryPrimitives.WriteInt32BigEndian(head.AsSpan(2), versioned.Length - 1);
        output.Write(head);
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
            zlib.Write(versioned, 1, versioned.Length - 1);
        return output.ToArray();
    }
}
