using System.Buffers.Binary;

namespace Enet.Codecs;

/// <summary>
/// Splitting an IPv4 datagram into fragments that fit an MTU (RFC 791 2.3 "Fragmentation", 3.2 the
/// fragmentation procedure, RFC 815). The fragments are written back to back into one caller-provided
/// buffer, so a whole datagram costs one allocation however many pieces it becomes.
/// </summary>
public static class Ipv4Fragmentation
{
    /// <summary>RFC 791 3.1: every internet module must forward a 68-byte datagram without fragmenting it
    /// (a 60-byte header and an 8-byte fragment), so no link MTU is smaller.</summary>
    public const int MinimumMtu = 68;

    /// <summary>Bytes of payload each fragment but the last carries: what fits beside the header, rounded down
    /// to the 8-byte unit the fragment offset counts in (RFC 791 3.2).</summary>
    public static int FragmentPayloadLength(int headerLength, int mtu) => (mtu - headerLength) & ~7;

    /// <summary>How many fragments and how many bytes in all <see cref="Emit"/> writes for a payload of
    /// <paramref name="payloadLength"/> behind <paramref name="header"/>; 0 fragments when
    /// <paramref name="mtu"/> cannot carry even 8 bytes of payload.</summary>
    public static int Measure(Ipv4Header header, int payloadLength, int mtu, out int totalLength)
    {
        totalLength = 0;
        var laterHeaderLength = Ipv4Packet.MinHeaderLength + CopiedOptionsLength(header.Options.Span);
        var firstChunk = FragmentPayloadLength(header.Length, mtu);
        var laterChunk = FragmentPayloadLength(laterHeaderLength, mtu);
        if (firstChunk < 8 || laterChunk < 8)
            return 0;
        if (header.Length + payloadLength <= mtu)
        {
            totalLength = header.Length + payloadLength;
            return 1;
        }
        var rest = payloadLength - firstChunk;
        var later = (rest + laterChunk - 1) / laterChunk;
        totalLength = header.Length + later * laterHeaderLength + payloadLength;
        return 1 + later;
    }

    /// <summary>
    /// Writes the fragments of <paramref name="header"/> + <paramref name="payload"/> into
    /// <paramref name="destination"/> (at least the <c>totalLength</c> <see cref="Measure"/> gives) and the length
    /// of each into <paramref name="fragmentLengths"/>; returns how many. A datagram that already fits is
    /// written whole. The header's own offset and MF flag are honoured, so a fragment can be fragmented again:
    /// the pieces' offsets count from it and only the last piece of a fragment with MF set keeps MF clear
    /// if the original had it clear (RFC 791 3.2).
    /// </summary>
    public static int Emit(Ipv4Header header, ReadOnlySpan<byte> payload, int mtu, Span<byte> destination, Span<int> fragmentLengths)
    {
        var count = Measure(header, payload.Length, mtu, out _);
        if (count == 0)
            throw new ArgumentOutOfRangeException(nameof(mtu), mtu, $"an MTU below {MinimumMtu} cannot carry a fragment");
        if (fragmentLengths.Length < count)
            throw new ArgumentException($"room for {count} fragment lengths needed", nameof(fragmentLengths));
        // The header is emitted once; each fragment copies it and patches length, flags, offset and checksum,
        // so fragmenting allocates nothing beyond the caller's buffer.
        Span<byte> first = stackalloc byte[60];
        header.Emit(first, 0);
        first = first[..header.Length];
        if (count == 1)
        {
            first.CopyTo(destination);
            Patch(destination[..header.Length], header.Length + payload.Length, header.MoreFragments, header.FragmentOffset);
            payload.CopyTo(destination[header.Length..]);
            fragmentLengths[0] = header.Length + payload.Length;
            return 1;
        }
        // RFC 791 3.1 "Options": only options with the copied flag set go into the fragments after the first.
        Span<byte> later = stackalloc byte[60];
        first[..Ipv4Packet.MinHeaderLength].CopyTo(later);
        var laterLength = Ipv4Packet.MinHeaderLength + CopyOptions(header.Options.Span, later[Ipv4Packet.MinHeaderLength..]);
        later[0] = (byte)(0x40 | laterLength / 4);
        later = later[..laterLength];
        var written = 0;
        var sent = 0;
        for (var i = 0; i < count; i++)
        {
            var template = i == 0 ? first : later;
            var chunk = Math.Min(FragmentPayloadLength(template.Length, mtu), payload.Length - sent);
            // Only the last piece can clear MF, and only when the datagram being split had it clear.
            var moreFragments = i < count - 1 || header.MoreFragments;
            var fragment = destination.Slice(written, template.Length + chunk);
            template.CopyTo(fragment);
            Patch(fragment[..template.Length], fragment.Length, moreFragments, (ushort)(header.FragmentOffset + sent / 8));
            payload.Slice(sent, chunk).CopyTo(fragment[template.Length..]);
            fragmentLengths[i] = fragment.Length;
            written += fragment.Length;
            sent += chunk;
        }
        return count;
    }

    /// <summary>The length, padded to 32 bits, of the options that must be copied into every fragment.</summary>
    public static int CopiedOptionsLength(ReadOnlySpan<byte> options)
    {
        Span<byte> scratch = stackalloc byte[Ipv4Header.MaxOptionsLength];
        return CopyOptions(options, scratch);
    }

    /// <summary>Copies the options whose type has the copied flag (bit 0x80, RFC 791 3.1) into
    /// <paramref name="destination"/>, padded with end-of-options to a multiple of 4; returns the length. A
    /// malformed option list ends the walk: what was copied so far is kept.</summary>
    public static int CopyOptions(ReadOnlySpan<byte> options, Span<byte> destination)
    {
        var length = 0;
        var at = 0;
        while (at < options.Length)
        {
            var type = options[at];
            if (type == 0)
                break;
            if (type == 1)
            {
                at++;
                continue;
            }
            if (at + 1 >= options.Length || options[at + 1] < 2 || at + options[at + 1] > options.Length)
                break;
            var optionLength = options[at + 1];
            if ((type & 0x80) != 0)
            {
                options.Slice(at, optionLength).CopyTo(destination[length..]);
                length += optionLength;
            }
            at += optionLength;
        }
        var padded = (length + 3) & ~3;
        destination[length..padded].Clear();
        return padded;
    }

    /// <summary>Sets total length, MF and offset in an emitted header (DF and the reserved bit stay), then its
    /// checksum (RFC 791 3.1: computed with the checksum field zero).</summary>
    private static void Patch(Span<byte> header, int totalLength, bool moreFragments, ushort offset)
    {
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)totalLength);
        var flags = header[6] & 0xC0 | (moreFragments ? 0x20 : 0);
        BinaryPrimitives.WriteUInt16BigEndian(header[6..], (ushort)(flags << 8 | offset));
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], InternetChecksum.Compute(header));
    }
}
