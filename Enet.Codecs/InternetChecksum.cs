using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Enet.Codecs;

/// <summary>
/// The Internet checksum (RFC 1071): the 16-bit one's-complement of the one's-complement sum of the data
/// taken as big-endian 16-bit words. Partial sums are carried as <see cref="uint"/> so headers, pseudo-headers
/// and payloads can be summed separately and combined; only the last piece may have odd length.
/// </summary>
public static class InternetChecksum
{
    /// <summary>The checksum of <paramref name="data"/> alone.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => Finish(Add(0, data));

    /// <summary>Folds a partial sum to 16 bits and complements it: the value to put in a checksum field.</summary>
    public static ushort Finish(uint sum) => (ushort)~Fold(sum);

    /// <summary>Adds <paramref name="data"/> to a partial sum. The result is a big-endian word sum folded to 17 bits
    /// at most, so any number of calls can be chained without overflow.</summary>
    public static uint Add(uint sum, ReadOnlySpan<byte> data)
    {
        // RFC 1071 2(B): the sum is byte-order independent, so sum native (little-endian) words and swap once.
        var native = SumNative(data);
        var folded = Fold64(native);
        var bigEndian = BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(folded) : folded;
        return (uint)Fold(sum) + bigEndian;
    }

    /// <summary>RFC 793 3.1 / RFC 768: source, destination, zero, protocol, upper-layer length.</summary>
    public static uint PseudoHeader(Ipv4Address source, Ipv4Address destination, IpProtocol protocol, int length) =>
        (source.Value >> 16) + (source.Value & 0xFFFF) + (destination.Value >> 16) + (destination.Value & 0xFFFF) +
        (uint)protocol + (uint)(length & 0xFFFF);

    /// <summary>RFC 8200 8.1: source, destination, 32-bit upper-layer length, zero, next header.</summary>
    public static uint PseudoHeader(Ipv6Address source, Ipv6Address destination, IpProtocol nextHeader, int length)
    {
        ulong sum = SumWords(source.Value) + SumWords(destination.Value);
        sum += ((uint)length >> 16) + ((uint)length & 0xFFFF) + (uint)nextHeader;
        return Fold64(sum);
    }

    private static ulong SumWords(UInt128 value)
    {
        ulong sum = 0;
        for (var shift = 0; shift < 128; shift += 16)
            sum += (ushort)(value >> shift);
        return sum;
    }

    private static ushort Fold(uint sum)
    {
        sum = (sum >> 16) + (sum & 0xFFFF);
        sum += sum >> 16;
        return (ushort)sum;
    }

    private static ushort Fold64(ulong sum)
    {
        sum = (sum >> 32) + (sum & 0xFFFF_FFFF);
        sum = (sum >> 32) + (sum & 0xFFFF_FFFF);
        return Fold((uint)sum);
    }

    private static ulong Widened(Vector256<uint> lanes) => Vector256.Sum(Vector256.WidenLower(lanes) + Vector256.WidenUpper(lanes));

    /// <summary>Sum of the native-order 16-bit words (a trailing odd byte padded with zero on the right in
    /// network order), not yet folded.</summary>
    private static ulong SumNative(ReadOnlySpan<byte> data)
    {
        ulong sum = 0;
        var i = 0;
        ref var start = ref MemoryMarshal.GetReference(data);
        if (Avx512BW.IsSupported && data.Length >= 64)
            i = SumAvx512(ref start, data.Length, out sum);
        else if (Vector256.IsHardwareAccelerated && data.Length >= 64)
            i = SumVector256(ref start, data.Length, out sum);
        for (; i + 8 <= data.Length; i += 8)
        {
            var word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i));
            sum += (word & 0xFFFF_FFFF) + (word >> 32);
        }
        for (; i + 2 <= data.Length; i += 2)
            sum += Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref start, i));
        if (i < data.Length)
            sum += BitConverter.IsLittleEndian ? data[i] : (ulong)data[i] << 8;
        return sum;
    }

    /// <summary>
    /// Two ops per 64 bytes: flipping each word's top bit turns unsigned u into signed u - 32768, which
    /// vpmaddwd against ones adds pairwise into 32-bit lanes; the offset is added back once at the end. A lane
    /// gains at most 65534 in magnitude per step, so 16384 steps between flushes cannot overflow it. Returns
    /// how many bytes it consumed (a multiple of 64).
    /// </summary>
    private static int SumAvx512(ref byte start, int length, out ulong sum)
    {
        var flip = Vector512.Create(unchecked((short)0x8000));
        var ones = Vector512.Create((short)1);
        var end = (nuint)length & ~(nuint)63;
        long total = (long)(end / 2) * 32768;
        nuint offset = 0;
        while (offset < end)
        {
            Vector512<int> a = default, b = default;
            var blockEnd = Math.Min(end, offset + 16384 * 128);
            for (; offset + 128 <= blockEnd; offset += 128)
            {
                a += Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref start, offset).AsInt16() ^ flip, ones);
                b += Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref start, offset + 64).AsInt16() ^ flip, ones);
            }
            if (offset < blockEnd)
            {
                a += Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref start, offset).AsInt16() ^ flip, ones);
                offset += 64;
            }
            var lanes = a + b;
            total += Vector512.Sum(Vector512.WidenLower(lanes)) + Vector512.Sum(Vector512.WidenUpper(lanes));
        }
        sum = (ulong)total;
        return (int)end;
    }

    /// <summary>
    /// 64 bytes per step into four independent accumulators, addressed through a ref so the JIT emits no
    /// bounds checks. Each 32-bit lane collects the low or high halves of its words; two lanes of 0xFFFF added
    /// 32767 times each still fit one lane when combined, so flush at that count.
    /// </summary>
    private static int SumVector256(ref byte start, int length, out ulong sum)
    {
        sum = 0;
        var steps = (nuint)length / 64;
        var mask = Vector256.Create(0xFFFFu);
        nuint step = 0;
        while (step < steps)
        {
            Vector256<uint> low = default, high = default, low2 = default, high2 = default;
            var end = Math.Min(steps, step + 32767);
            for (; step < end; step++)
            {
                var x = Vector256.LoadUnsafe(ref start, step * 64).AsUInt32();
                var y = Vector256.LoadUnsafe(ref start, step * 64 + 32).AsUInt32();
                low += x & mask;
                high += x >>> 16;
                low2 += y & mask;
                high2 += y >>> 16;
            }
            sum += Widened(low + low2) + Widened(high + high2);
        }
        return (int)steps * 64;
    }
}
