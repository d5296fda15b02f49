using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Enet.Codecs.Capture;

/// <summary>Opens a capture file of either format by its first four bytes.</summary>
public static class CaptureFile
{
    /// <summary>
    /// Opens a classic pcap (pcap-savefile(5), any of its magic numbers in either byte order) or pcapng
    /// (draft-ietf-opsawg-pcapng, SHB first) stream. A stream of neither kind gives a reader whose first
    /// <see cref="ICaptureReader.TryReadNext"/> reports why. The reader owns the stream.
    /// </summary>
    public static ICaptureReader Open(Stream stream)
    {
        TryOpen(stream, out var reader, out _);
        return reader;
    }

    public static ICaptureReader Open(string path) =>
        Open(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024));

    /// <summary>Like <see cref="Open(Stream)"/>, but says at once whether the magic number was known;
    /// <paramref name="reader"/> is usable (and owns the stream) either way.</summary>
    public static bool TryOpen(Stream stream, out ICaptureReader reader, [NotNullWhen(false)] out DecodeError? error)
    {
        var input = new CaptureInput(stream, leaveOpen: false);
        Span<byte> head = stackalloc byte[4];
        var read = input.Peek(head);
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(head);
        ICaptureReader? opened = read < head.Length ? null
            : magic == PcapngReader.SectionHeaderType ? new PcapngReader(input)
            : IsPcapMagic(magic) || IsPcapMagic(BinaryPrimitives.ReverseEndianness(magic)) ? new PcapReader(input)
            : null;
        if (opened is not null)
        {
            reader = opened;
            error = null;
            return true;
        }
        error = read < head.Length
            ? DecodeError.Truncated(Layer.Pcap, 0, head.Length, read)
            : new DecodeError(Layer.Pcap, 0, $"unknown capture file magic 0x{magic:x8}");
        reader = new FailedCaptureReader(input, error.Value);
        return false;
    }

    private static bool IsPcapMagic(uint magic) =>
        magic is PcapReader.MicrosecondMagic or PcapReader.NanosecondMagic or PcapReader.ModifiedMagic;
}
