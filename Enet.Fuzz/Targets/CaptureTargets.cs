using Enet.Codecs.Capture;

namespace Enet.Fuzz.Targets;

/// <summary>
/// The capture readers (pcap-savefile(5), draft-ietf-opsawg-pcapng): a malformed file ends in a
/// <see cref="Enet.Codecs.DecodeError"/>, never an exception, every packet's timestamp converts, and what a
/// pcap file held writes back through <see cref="PcapWriter"/> and reads again as the same packets.
/// </summary>
public static class CaptureTargets
{
    public static FuzzTarget Pcap { get; } = new("pcap", CheckPcap, seeds => seeds.CaptureFiles(".pcap"));

    public static FuzzTarget Pcapng { get; } = new("pcapng", bytes => _ = ReadAll(bytes), seeds => seeds.CaptureFiles(".pcapng"));

    private static void CheckPcap(ReadOnlySpan<byte> bytes)
    {
        var (packets, error) = ReadAll(bytes);
        // PcapWriter writes 1970 to 2106 (an unsigned 32-bit ts_sec); a fraction past a second can read as later.
        if (error is not null || packets.Count == 0
            || packets.Any(p => p.TimestampNanoseconds < 0 || p.TimestampNanoseconds / 1_000_000_000 > uint.MaxValue))
            return;
        using var copy = new MemoryStream();
        using (var writer = new PcapWriter(copy, packets[0].LinkType, snapLength: int.MaxValue, leaveOpen: true))
        {
            foreach (var packet in packets)
                writer.Write(packet);
        }
        var (again, againError) = ReadAll(copy.ToArray());
        ContractViolation.Require(againError is null, $"pcap rewritten by PcapWriter does not read back: {againError}");
        ContractViolation.Require(again.Count == packets.Count, $"pcap rewritten holds {again.Count} packets, not {packets.Count}");
        for (var i = 0; i < packets.Count; i++)
        {
            var (a, b) = (packets[i], again[i]);
            ContractViolation.Require(a.TimestampNanoseconds == b.TimestampNanoseconds && a.OriginalLength == b.OriginalLength
                && a.LinkType == b.LinkType && a.Data.Span.SequenceEqual(b.Data.Span), $"pcap packet {i} reads back as {b}, not {a}");
        }
    }

    private static (List<CapturedPacket> Packets, Enet.Codecs.DecodeError? Error) ReadAll(ReadOnlySpan<byte> bytes)
    {
        var packets = new List<CapturedPacket>();
        using var reader = CaptureFile.Open(new MemoryStream(bytes.ToArray(), writable: false));
        Enet.Codecs.DecodeError? error;
        while (reader.TryReadNext(out var packet, out error))
        {
            // Every record costs at least a record header of input, so a reader that yields more is looping.
            ContractViolation.Require(packets.Count <= bytes.Length / 8, $"{packets.Count} packets from {bytes.Length} bytes");
            _ = packet.Timestamp;
            packets.Add(packet);
        }
        ContractViolation.Require(!reader.TryReadNext(out _, out var again) && again == error, "a reader that stopped read on");
        return (packets, error);
    }
}
