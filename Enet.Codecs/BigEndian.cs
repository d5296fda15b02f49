using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Enet.Codecs;

/// <summary>
/// Network-order reads at a fixed offset into a view whose <c>TryParse</c> already checked the length, without
/// a second bounds check per field: reading every field of a frame is the hot path this codec is measured on
/// (about half its time went to per-field slice and length checks). Only views call these, and only at offsets
/// below the length their TryParse verified. A default (never parsed) view holds an empty span whose reference is
/// null, so a read through it raises NullReferenceException rather than touching memory.
/// </summary>
internal static class BigEndian
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte Byte(ReadOnlySpan<byte> bytes, int offset)
    {
        Debug.Assert(offset < bytes.Length || bytes.IsEmpty);
        return Unsafe.Add(ref MemoryMarshal.GetReference(bytes), offset);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort UInt16(ReadOnlySpan<byte> bytes, int offset)
    {
        Debug.Assert(offset + 2 <= bytes.Length || bytes.IsEmpty);
        var value = Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref MemoryMarshal.GetReference(bytes), offset));
        return BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint UInt32(ReadOnlySpan<byte> bytes, int offset)
    {
        Debug.Assert(offset + 4 <= bytes.Length || bytes.IsEmpty);
        var value = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref MemoryMarshal.GetReference(bytes), offset));
        return BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value;
    }

    /// <summary>A 48-bit MAC address as the low bits of a <see cref="ulong"/>, read as one 8-byte load: the view
    /// must hold two bytes after the address (in an Ethernet header the source address and the EtherType follow).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong UInt48(ReadOnlySpan<byte> bytes, int offset)
    {
        Debug.Assert(offset + 8 <= bytes.Length || bytes.IsEmpty);
        var value = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref MemoryMarshal.GetReference(bytes), offset));
        return (BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value) >> 16;
    }

    /// <summary><paramref name="length"/> bytes from <paramref name="offset"/>, which the view's TryParse proved
    /// lie inside <paramref name="bytes"/>: a sub-view without a second range check.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> bytes, int offset, int length)
    {
        Debug.Assert((uint)offset <= (uint)bytes.Length && (uint)length <= (uint)(bytes.Length - offset) || bytes.IsEmpty);
        return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref MemoryMarshal.GetReference(bytes), offset), length);
    }
}
