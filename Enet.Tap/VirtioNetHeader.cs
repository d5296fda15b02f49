using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Enet.Codecs;

namespace Enet.Tap;

/// <summary>
/// struct virtio_net_hdr (linux/virtio_net.h; virtio 1.2 5.1.6), the 10 bytes a TAP opened with IFF_VNET_HDR puts
/// before every frame. A TAP is a legacy device, so the fields are in host order (tuntap.rst, TUNSETVNETLE).
/// With offloads on (TUNSETOFFLOAD) the kernel hands over what a NIC would finish: a checksum left partial
/// (NEEDS_CSUM) and, for TCP, one "super-frame" of up to 64 kB standing for several MSS-sized segments (GSO).
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal struct VirtioNetHeader
{
    public const int Size = 10;

    /// <summary>VIRTIO_NET_HDR_F_NEEDS_CSUM: the checksum from <see cref="ChecksumStart"/> on is still to be done.</summary>
    public const byte NeedsChecksum = 1;

    /// <summary>VIRTIO_NET_HDR_F_DATA_VALID: the kernel checked the checksum already (virtio 1.2 5.1.6.4.1).</summary>
    public const byte DataValid = 2;

    /// <summary>VIRTIO_NET_HDR_GSO_NONE: a plain frame; anything else is a super-frame.</summary>
    public const byte GsoNone = 0;

    public byte Flags;
    public byte GsoType;
    public ushort HeaderLength;
    public ushort GsoSize;
    public ushort ChecksumStart;
    public ushort ChecksumOffset;

    /// <summary>Once <see cref="TryComplete"/> succeeded, the transport checksum is right: done here, or checked by the kernel.</summary>
    public readonly bool ChecksumDone => (Flags & (NeedsChecksum | DataValid)) != 0;

    /// <summary>Does the checksum the kernel left to the device (virtio 1.2 5.1.6.2: "the device MUST ... store the
    /// checksum at offset csum_offset from csum_start"): the field holds the pseudo-header sum, so the one's-complement
    /// sum from <see cref="ChecksumStart"/> to the end, complemented, is the segment's checksum. A super-frame needs no
    /// more: its IPv4 total length and pseudo-header cover all of it, so it is one valid (large) segment. False when
    /// the offsets lie outside the frame (the frame is then dropped as malformed).</summary>
    public readonly bool TryComplete(Span<byte> frame)
    {
        if ((Flags & NeedsChecksum) == 0)
            return true;
        var field = ChecksumStart + ChecksumOffset;
        if (field + 2 > frame.Length)
            return false;
        var sum = InternetChecksum.Compute(frame[ChecksumStart..]);
        // As the kernel's skb_checksum_help: 0 goes out as 0xFFFF, which UDP needs (RFC 768: 0 means "no checksum").
        BinaryPrimitives.WriteUInt16BigEndian(frame[field..], sum == 0 ? (ushort)0xFFFF : sum);
        return true;
    }
}
