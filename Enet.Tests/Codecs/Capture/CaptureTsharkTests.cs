using System.Globalization;
using Enet.Codecs.Capture;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Codecs.Capture;

/// <summary>Wireshark's tools as the oracle: they read what Enet writes, and Enet reads what they read.</summary>
public class CaptureTsharkTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    /// <summary>An Ethernet frame of the local experimental EtherType 0x88B5 (IEEE 802), padded to 60 bytes.</summary>
    private static readonly byte[] Frame =
        [0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2, 0x88, 0xb5, .. Enumerable.Range(0, 46).Select(i => (byte)i)];

    private static readonly long[] Timestamps = [1_714_564_800_123_456_789, 1_714_564_800_123_457_000, 1_714_564_801_000_000_001];

    public static TheoryData<string> Formats => ["pcap-us", "pcap-ns", "pcapng"];

    [SkippableTheory]
    [MemberData(nameof(Formats))]
    public void Tshark_and_capinfos_read_files_Enet_writes_without_complaint(string format)
    {
        var tshark = TestEnvironment.RequireTool("tshark", "apt-get install tshark");
        var capinfos = TestEnvironment.RequireTool("capinfos", "apt-get install tshark");
        var path = Path.Combine(Path.GetTempPath(), $"enet-{format}-{Guid.NewGuid():n}.{(format == "pcapng" ? "pcapng" : "pcap")}");
        try
        {
            Write(path, format);
            var fields = RunQuietly(tshark, "-r", path, "-T", "fields", "-e", "frame.time_epoch", "-e", "frame.len", "-e", "frame.cap_len");
            var rows = fields.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(Timestamps.Length, rows.Length);
            for (var i = 0; i < rows.Length; i++)
            {
                var want = format == "pcap-us" ? Timestamps[i] / 1000 * 1000 : Timestamps[i];
                Assert.Equal($"{Epoch(want)}\t{Frame.Length + i}\t{Frame.Length}", rows[i].Trim());
            }
            Assert.Contains($"Number of packets:   {Timestamps.Length}", RunQuietly(capinfos, path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [SkippableTheory]
    // Chosen for the corners: timestamps past 2106, big-endian µs pcap, ns pcap. (tshark prints a sub-second field >= 10^9, as in
    // timestamp_invalid_nano.pcap, as a nonsense decimal; Enet carries it into the seconds.)
    [InlineData("time_2107.pcapng")]
    [InlineData("time_2106_overflow.pcapng")]
    [InlineData("OSPFv2_Capture_FINAL.pcapng")]
    [InlineData("vsock-1.pcapng")]
    [InlineData("802.1ad_QinQ.pcap")]
    [InlineData("pptp.pcap")]
    [InlineData("tcp-handshake-nano.pcap")]
    public void Corpus_timestamps_and_lengths_match_tshark(string name)
    {
        var data = TestEnvironment.RequireSharedData();
        var tshark = TestEnvironment.RequireTool("tshark", "apt-get install tshark");
        var path = Path.Combine(data, "tcpdump-tests", name);
        var (_, stdout, _) = ExternalProcess.Run(tshark,
            ["-r", path, "-T", "fields", "-e", "frame.time_epoch", "-e", "frame.len", "-e", "frame.cap_len"], Timeout);
        var expected = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(r => r.Trim()).ToArray();
        var read = CaptureContents.Read(CaptureFile.Open(path));
        Assert.Null(read.Error);
        var actual = read.Packets.Select(p => $"{Epoch(p.TimestampNanoseconds)}\t{p.OriginalLength}\t{p.Data.Length}").ToArray();
        Assert.Equal(expected, actual);
        output.WriteLine($"{name}: {actual.Length} packets agree with tshark");
    }

    private static void Write(string path, string format)
    {
        using var stream = File.Create(path);
        if (format == "pcapng")
        {
            using var writer = new PcapngWriter(stream);
            writer.AddInterface(LinkType.Ethernet, "tap0");
            for (var i = 0; i < Timestamps.Length; i++)
                writer.Write(0, Timestamps[i], Frame, Frame.Length + i);
            return;
        }
        var resolution = format == "pcap-us" ? PcapTimestampResolution.Microseconds : PcapTimestampResolution.Nanoseconds;
        using var pcap = new PcapWriter(stream, LinkType.Ethernet, resolution);
        for (var i = 0; i < Timestamps.Length; i++)
            pcap.Write(Timestamps[i], Frame, Frame.Length + i);
    }

    /// <summary>Runs a tool and returns its output; it must exit 0 and say nothing on stderr but the
    /// notice Wireshark's tools print when run as root.</summary>
    private static string RunQuietly(string tool, params string[] arguments)
    {
        var (exit, stdout, stderr) = ExternalProcess.Run(tool, arguments, Timeout);
        var complaints = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith("Running as user \"root\"", StringComparison.Ordinal))
            .ToArray();
        Assert.True(exit == 0 && complaints.Length == 0, $"{Path.GetFileName(tool)} exit {exit}: {string.Join('\n', complaints)}");
        return stdout;
    }

    /// <summary>Seconds since the epoch with nine decimals, as tshark prints frame.time_epoch.</summary>
    private static string Epoch(long nanoseconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1_000_000_000}.{nanoseconds % 1_000_000_000:D9}");
}
