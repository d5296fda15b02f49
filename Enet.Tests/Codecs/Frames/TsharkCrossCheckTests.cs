using Enet.Codecs;
using Enet.Codecs.Capture;
using Enet.Codecs.Frames;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Codecs.Frames;

/// <summary>
/// Compares Enet's decoding of every Ethernet frame in the corpus with Wireshark's, field by field:
/// addresses, protocol numbers, ports, TCP sequence/ack numbers and flags, and checksum verdicts. The
/// frames are gathered into one capture so tshark starts once.
/// </summary>
public class TsharkCrossCheckTests(ITestOutputHelper output)
{
    private static readonly string[] Fields =
    [
        "frame.number", "eth.src", "eth.dst", "ip.src", "ip.dst", "ip.proto", "ip.checksum.status", "ipv6.src", "ipv6.dst",
        "tcp.srcport", "tcp.dstport", "tcp.seq_raw", "tcp.ack_raw", "tcp.flags", "tcp.checksum.status",
        "udp.srcport", "udp.dstport", "udp.checksum.status",
    ];

    /// <summary>Files where Enet and tshark disagree by design, with the reason.</summary>
    private static readonly Dictionary<string, string> KnownDifferences = new()
    {
        ["DTP.pcap"] = "Cisco ISL: the outer 802.3 frame goes to the ISL multicast 01:00:0c:00:00:00; tshark files that " +
                       "header under isl.* and reports the encapsulated frame's eth.dst, Enet reports the outer header",
    };

    [SkippableFact]
    public void Decoded_fields_agree_with_tshark_on_every_ethernet_frame_of_the_corpus()
    {
        TestEnvironment.Require(Directory.Exists(TestEnvironment.TcpdumpCorpus), TestEnvironment.TcpdumpCorpus);
        var tshark = TestEnvironment.RequireTool("tshark", "apt-get install tshark");
        var frames = EthernetFrames().ToList();
        var merged = Path.Combine(Path.GetTempPath(), $"enet-crosscheck-{Guid.NewGuid():n}.pcapng");
        try
        {
            // pcapng, because some corpus timestamps lie past 2106, beyond classic pcap's 32-bit seconds.
            using (var writer = new PcapngWriter(File.Create(merged)))
            {
                var ethernet = writer.AddInterface(LinkType.Ethernet, "corpus");
                foreach (var (_, packet) in frames)
                    writer.Write(ethernet, packet.TimestampNanoseconds, packet.Data.Span, packet.OriginalLength);
            }
            var result = ExternalProcess.Run(tshark, TsharkArguments(merged), TimeSpan.FromMinutes(5));
            Assert.True(result.ExitCode == 0, $"tshark failed: {result.Error}");
            var rows = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t')).ToArray();
            Assert.Equal(frames.Count, rows.Length);
            var disagreements = new List<string>();
            var compared = 0;
            for (var i = 0; i < frames.Count; i++)
            {
                var (source, packet) = frames[i];
                var frame = FrameDecoder.Decode(packet.Data.Span, LinkType.Ethernet);
                var row = Fields.Zip(rows[i]).ToDictionary(p => p.First, p => p.Second);
                foreach (var (field, ours, theirs) in Compare(frame, row))
                {
                    compared++;
                    if (ours != theirs && !KnownDifferences.ContainsKey(source.Split('#')[0]))
                        disagreements.Add($"{source}: {field}: enet '{ours}' tshark '{theirs}' ({FrameSummary.Format(frame)})");
                }
            }
            output.WriteLine($"{frames.Count} Ethernet frames, {compared} fields compared, {disagreements.Count} disagreements");
            foreach (var line in disagreements.Take(50))
                output.WriteLine(line);
            Assert.True(disagreements.Count == 0, $"{disagreements.Count} disagreements with tshark, first:\n{string.Join("\n", disagreements.Take(20))}");
        }
        finally
        {
            File.Delete(merged);
        }
    }

    private static IEnumerable<string> TsharkArguments(string file) =>
    [
        "-r", file, "-n",
        // Per-frame decoding only: reassembly would move TCP/UDP fields to a later frame.
        "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE", "-o", "tcp.desegment_tcp_streams:FALSE",
        "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
        "-T", "fields", "-E", "separator=/t", "-E", "occurrence=f",
        .. Fields.SelectMany(f => new[] { "-e", f }),
    ];

    internal static IEnumerable<(string File, CapturedPacket Packet)> EthernetFrames()
    {
        foreach (var file in Directory.GetFiles(TestEnvironment.TcpdumpCorpus).Where(f => f.EndsWith(".pcap") || f.EndsWith(".pcapng")).Order())
        {
            using var stream = File.OpenRead(file);
            if (!CaptureFile.TryOpen(stream, out var reader, out _))
                continue;
            using (reader)
            {
                var number = 0;
                while (reader.TryReadNext(out var packet, out _))
                {
                    number++;
                    if (packet.LinkType == LinkType.Ethernet)
                        yield return ($"{Path.GetFileName(file)}#{number}", packet with { Data = packet.Data.ToArray() });
                }
            }
        }
    }

    /// <summary>The fields both sides decoded. Where Enet stopped (an error, a fragment, a protocol it leaves
    /// raw) tshark may go on into tunnels or quoted datagrams; those fields are not Enet's claims.</summary>
    private static IEnumerable<(string Field, string Ours, string Theirs)> Compare(Frame frame, Dictionary<string, string> row)
    {
        if (frame.Ethernet is { } ethernet)
        {
            yield return ("eth.src", ethernet.Source.ToString(), row.GetValueOrDefault("eth.src", ""));
            yield return ("eth.dst", ethernet.Destination.ToString(), row.GetValueOrDefault("eth.dst", ""));
        }
        if (frame.Ipv4 is { } v4 && row.GetValueOrDefault("ip.src", "") != "")
        {
            yield return ("ip.src", v4.Source.ToString(), row.GetValueOrDefault("ip.src", ""));
            yield return ("ip.dst", v4.Destination.ToString(), row.GetValueOrDefault("ip.dst", ""));
            yield return ("ip.proto", ((byte)v4.Protocol).ToString(), row.GetValueOrDefault("ip.proto", ""));
            if (frame.NetworkChecksum is { } status && row.GetValueOrDefault("ip.checksum.status", "") is "0" or "1")
                yield return ("ip.checksum.status", status == ChecksumStatus.Good ? "1" : "0", row.GetValueOrDefault("ip.checksum.status", ""));
        }
        if (frame.Ipv6 is { } v6 && row.GetValueOrDefault("ipv6.src", "") != "")
        {
            yield return ("ipv6.src", v6.Source.ToString(), row.GetValueOrDefault("ipv6.src", ""));
            yield return ("ipv6.dst", v6.Destination.ToString(), row.GetValueOrDefault("ipv6.dst", ""));
        }
        if (frame.Tcp is { } tcp && row.GetValueOrDefault("tcp.srcport", "") != "")
        {
            yield return ("tcp.srcport", tcp.SourcePort.ToString(), row.GetValueOrDefault("tcp.srcport", ""));
            yield return ("tcp.dstport", tcp.DestinationPort.ToString(), row.GetValueOrDefault("tcp.dstport", ""));
            yield return ("tcp.seq_raw", tcp.SequenceNumber.ToString(), row.GetValueOrDefault("tcp.seq_raw", ""));
            yield return ("tcp.ack_raw", tcp.AcknowledgmentNumber.ToString(), row.GetValueOrDefault("tcp.ack_raw", ""));
            yield return ("tcp.flags", $"0x{(ushort)tcp.Flags & 0xFFF:x4}", row.GetValueOrDefault("tcp.flags", ""));
            if (frame.TransportChecksum is { } status && row.GetValueOrDefault("tcp.checksum.status", "") is "0" or "1")
                yield return ("tcp.checksum.status", status == ChecksumStatus.Good ? "1" : "0", row.GetValueOrDefault("tcp.checksum.status", ""));
        }
        if (frame.Udp is { } udp && row.GetValueOrDefault("udp.srcport", "") != "")
        {
            yield return ("udp.srcport", udp.SourcePort.ToString(), row.GetValueOrDefault("udp.srcport", ""));
            yield return ("udp.dstport", udp.DestinationPort.ToString(), row.GetValueOrDefault("udp.dstport", ""));
            if (frame.TransportChecksum is { } status && row.GetValueOrDefault("udp.checksum.status", "") is "0" or "1")
                yield return ("udp.checksum.status", status == ChecksumStatus.Good ? "1" : "0", row.GetValueOrDefault("udp.checksum.status", ""));
        }
    }
}
