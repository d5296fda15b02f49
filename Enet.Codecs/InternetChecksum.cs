using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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

    /// <summary>Sum of the native-order 16-bit words (a trailing odd byte padded with zero on the right in
    /// network order), not yet folded.</summary>
    private static ulong SumNative(ReadOnlySpan<byte> data)
    {
        ulong sum = 0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated && data.Length >= 64)
        {
            // Each 32-bit lane collects the low and high halves of its words separately; 0xFFFF added
            // 65536 times fits a lane, so flush the accumulators every 65535 vectors.
            var vectors = MemoryMarshal.Cast<byte, Vector256<uint>>(data);
            var mask = Vector256.Create(0xFFFFu);
            var v = 0;
            while (v < vectors.Length)
            {
                var low = Vector256<uint>.Zero;
                var high = Vector256<uint>.Zero;
                var end = Math.Min(vectors.Length, v + 65535);
                for (; v < end; v++)
                {
                    var x = vectors[v];
                    low += x & mask;
                    high += x >>> 16;
                }
                sum += Vector256.Sum(Vector256.WidenLower(low) + Vector256.WidenUpper(low)) +
                       Vector256.Sum(Vector256.WidenLower(high) + Vector256.WidenUpper(high));
            }
            i = vectors.Length * Vector256<byte>.Count;
        }
        for (; i + 8 <= data.Length; i += 8)
        {
            var word = MemoryMarshal.Read<ulong>(data[i..]);
            sum += (word & 0xFFFF_FFFF) + (word >> 32);
        }
        for (; i + 2 <= data.Length; i += 2)
            sum += MemoryMarshal.Read<ushort>(data[i..]);
        if (i < data.Length)
            sum += BitConverter.IsLittleEndian ? data[i] : (ulong)data[i] << 8;
        return sum;
    }
}
