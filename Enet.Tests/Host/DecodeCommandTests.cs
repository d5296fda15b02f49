using System.Text.Json;
using Enet.Codecs.Capture;
using Enet.Tests.Codecs.Frames;
using Xunit;

namespace Enet.Tests.Host;

public sealed class DecodeCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("enet-cli-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Capture(int frames)
    {
        var path = Path.Combine(directory, "udp.pcap");
        using var writer = new PcapWriter(File.Create(path), LinkType.Ethernet);
        for (var i = 0; i < frames; i++)
            writer.Write(1_700_000_000_000_000_000 + i * 1_000, FrameDecoderTests.UdpFrame([(byte)i]).ToArray());
        return path;
    }

    [Fact]
    public void Decode_prints_one_summary_line_per_frame()
    {
        var result = EnetCommand.Run("decode", Capture(3));
        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.EndsWith("IP 192.0.2.1.1234 > 192.0.2.2.53: UDP, length 1", lines[0]);
        Assert.StartsWith("22:13:20.000000", lines[0]);
    }

    [Fact]
    public void Decode_json_prints_one_object_per_line_with_every_layer()
    {
        var result = EnetCommand.Run("decode", Capture(2), "--json", "--count", "1");
        Assert.Equal(0, result.ExitCode);
        var line = Assert.Single(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var json = JsonDocument.Parse(line).RootElement;
        Assert.Equal(1, json.GetProperty("frame").GetInt32());
        Assert.Equal("192.0.2.2", json.GetProperty("ipv4").GetProperty("destination").GetString());
        Assert.Equal(1234, json.GetProperty("udp").GetProperty("sourcePort").GetInt32());
    }

    [Fact]
    public void A_missing_file_is_one_line_and_exit_code_1()
    {
        var result = EnetCommand.Run("decode", Path.Combine(directory, "absent.pcap"));
        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public void A_file_that_is_not_a_capture_is_one_line_and_exit_code_1()
    {
        var path = Path.Combine(directory, "text.pcap");
        File.WriteAllText(path, "not a capture file at all");
        var result = EnetCommand.Run("decode", path);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not a capture file", result.Error);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_capture_cut_short_prints_the_frames_before_the_damage_then_fails()
    {
        var path = Capture(3);
        using (var stream = File.OpenWrite(path))
            stream.SetLength(stream.Length - 3);
        var result = EnetCommand.Run("decode", path);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(2, result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("truncated", result.Error);
    }

    [Fact]
    public void Crtest_json_ends_with_the_counts_and_writes_no_breakage_file_when_all_round_trip()
    {
        var broken = Path.Combine(directory, "broken.pcap");
        var result = EnetCommand.Run("crtest", Capture(4), "--out", broken, "--json");
        Assert.Equal(0, result.ExitCode);
        var last = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.Equal("""{"frames":4,"decoded":4,"roundTripped":4,"broken":0,"errors":0}""", last);
        Assert.False(File.Exists(broken));
    }

    [Fact]
    public void Crtest_counts_frames_that_do_not_decode_as_errors()
    {
        var path = Path.Combine(directory, "bad.pcap");
        using (var writer = new PcapWriter(File.Create(path), LinkType.Ethernet))
        {
            writer.Write(0, FrameDecoderTests.UdpFrame([1]).ToArray());
            writer.Write(0, new byte[10]);
        }
        var result = EnetCommand.Run("crtest", path, "--json");
        Assert.Equal(0, result.ExitCode);
        Assert.EndsWith("""{"frames":2,"decoded":1,"roundTripped":1,"broken":0,"errors":1}""", result.Output.Trim());
    }
}
