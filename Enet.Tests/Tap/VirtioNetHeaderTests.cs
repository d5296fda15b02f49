using System.Buffers.Binary;
using System.Collections.Immutable;
using Enet.Codecs;
using Enet.Tap;
using Xunit;

namespace Enet.Tests.Tap;

/// <summary>virtio 1.2 5.1.6.2: the checksum a TAP with offloads leaves to the device, completed by the reader, which
/// then vouches for it so the stack does not sum the segment a second time.</summary>
public sealed class VirtioNetHeaderTests
{
    private static readonly Ipv4Address Os = new(10, 0, 0, 1), Enet = new(10, 0, 0, 2);

    [Fact]
    public void A_partial_checksum_is_completed_to_the_segments_checksum_and_then_vouched_for()
    {
        var segment = new TcpSegment(40000, 9, 1, 1, TcpFlags.Ack, 65535, null, 0, ImmutableArray<TcpOption>.Empty,
            Enumerable.Range(0, 3000).Select(i => (byte)i).ToArray());
        var tcp = new byte[segment.Length];
        segment.Emit(tcp, InternetChecksum.PseudoHeader(Os, Enet, IpProtocol.Tcp, tcp.Length));
        var frame = new byte[14 + 20 + tcp.Length];
        Ipv4Header.Create(Os, Enet, IpProtocol.Tcp).Emit(frame.AsSpan(14), tcp.Length);
        tcp.CopyTo(frame, 34);
        // What the kernel hands over (CHECKSUM_PARTIAL): the pseudo-header's sum folded in the field, the rest undone.
        var pseudo = InternetChecksum.PseudoHeader(Os, Enet, IpProtocol.Tcp, tcp.Length);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(34 + 16), (ushort)~InternetChecksum.Finish(pseudo));
        var header = new VirtioNetHeader { Flags = VirtioNetHeader.NeedsChecksum, ChecksumStart = 34, ChecksumOffset = 16 };

        Assert.True(header.TryComplete(frame));
        Assert.True(header.ChecksumDone);
        Assert.True(TcpPacket.TryParse(frame.AsSpan(34), out var parsed, out _));
        Assert.Equal(ChecksumStatus.Good, parsed.VerifyChecksum(pseudo));
        Assert.Equal(tcp, frame[34..]);
    }

    [Fact]
    public void Only_a_completed_or_kernel_checked_checksum_is_vouched_for()
    {
        Assert.False(new VirtioNetHeader().ChecksumDone);
        Assert.True(new VirtioNetHeader { Flags = VirtioNetHeader.DataValid }.ChecksumDone);
        // Offsets outside the frame: dropped as malformed, nothing vouched for.
        Assert.False(new VirtioNetHeader { Flags = VirtioNetHeader.NeedsChecksum, ChecksumStart = 50, ChecksumOffset = 16 }.TryComplete(new byte[60]));
    }
}
