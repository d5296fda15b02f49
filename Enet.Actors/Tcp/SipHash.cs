using System.Buffers.Binary;
using System.Numerics;

namespace Enet.Actors.Tcp;

/// <summary>
/// SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed pseudo-random function for short inputs, fast enough to run per
/// packet, which is what Linux keys its SYN cookies and ISNs with (siphash in net/core/secure_seq.c and
/// net/ipv4/syncookies.c). An HMAC-SHA-256 per SYN cost several times as much here. The key is 128 bits.
/// </summary>
public readonly struct SipHash(ulong k0, ulong k1)
{
    public static SipHash Random()
    {
        Span<byte> key = stackalloc byte[16];
        System.Security.Cryptography.RandomNumberGenerator.Fill(key);
        return FromKey(key);
    }

    /// <summary>The key as its 16 bytes, read as two little-endian words (the paper's k0, k1).</summary>
    public static SipHash FromKey(ReadOnlySpan<byte> key) =>
        new(BinaryPrimitives.ReadUInt64LittleEndian(key), BinaryPrimitives.ReadUInt64LittleEndian(key[8..]));

    public ulong Hash(ReadOnlySpan<byte> message)
    {
        var v0 = k0 ^ 0x736f6d6570736575UL;
        var v1 = k1 ^ 0x646f72616e646f6dUL;
        var v2 = k0 ^ 0x6c7967656e657261UL;
        var v3 = k1 ^ 0x7465646279746573UL;
        var whole = message.Length & ~7;
        for (var i = 0; i < whole; i += 8)
        {
            var m = BinaryPrimitives.ReadUInt64LittleEndian(message[i..]);
            v3 ^= m;
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= m;
        }
        // The last word: the bytes left, little-endian, and the length mod 256 in the top byte.
        var last = (ulong)message.Length << 56;
        for (var i = message.Length - 1; i >= whole; i--)
            last |= (ulong)message[i] << (8 * (i - whole));
        v3 ^= last;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= last;
        v2 ^= 0xff;
        for (var i = 0; i < 4; i++)
            Round(ref v0, ref v1, ref v2, ref v3);
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        v0 += v1;
        v1 = BitOperations.RotateLeft(v1, 13);
        v1 ^= v0;
        v0 = BitOperations.RotateLeft(v0, 32);
        v2 += v3;
        v3 = BitOperations.RotateLeft(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = BitOperations.RotateLeft(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = BitOperations.RotateLeft(v1, 17);
        v1 ^= v2;
        v2 = BitOperations.RotateLeft(v2, 32);
    }
}
