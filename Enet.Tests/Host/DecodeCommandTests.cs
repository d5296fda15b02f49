using System.Text.Json;
using Enet.Codecs;
using Enet.Codecs.Capture;
using Enet.Tests.Actors;
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

    /// <summary>UDP, ARP, ICMP echo, UDP: one frame of each kind a filter may pick.</summary>
    private string Mixed()
    {
        var path = Path.Combine(directory, "mixed.pcap");
        using var writer = new PcapWriter(File.Create(path), LinkType.Ethernet);
        writer.Write(0, FrameDecoderTests.UdpFrame([1]).ToArray());
        writer.Write(1_000, TestFrames.Arp(MacAddress.Broadcast, ArpMessage.Request(TestFrames.HostA, new(192, 0, 2, 1), new(192, 0, 2, 2))));
        writer.Write(2_000, TestFrames.EchoRequest(TestFrames.HostB, TestFrames.HostA, new(192, 0, 2, 1), new(192, 0, 2, 2), 1, 1, [1, 2]));
        writer.Write(3_000, FrameDecoderTests.UdpFrame([2]).ToArray());
        return path;
    }

    [Fact]
    public void Decode_protocol_filter_keeps_the_frames_carrying_any_protocol_named()
    {
        var arp = EnetCommand.Run("decode", Mixed(), "--protocol", "arp");
        Assert.Equal(0, arp.ExitCode);
        Assert.Contains("ARP, Request who-has 192.0.2.2 tell 192.0.2.1", Assert.Single(Lines(arp.Output)));
        var several = EnetCommand.Run("decode", Mixed(), "--protocol", "icmp", "--protocol", "arp");
        Assert.Equal(2, Lines(several.Output).Length);
        Assert.Equal(3, Lines(EnetCommand.Run("decode", Mixed(), "--protocol", "ipv4").Output).Length);
        Assert.Empty(Lines(EnetCommand.Run("decode", Mixed(), "--protocol", "tcp").Output));
    }

    [Fact]
    public void Decode_count_counts_the_frames_that_pass_the_filter_and_json_keeps_their_place_in_the_file()
    {
        var result = EnetCommand.Run("decode", Mixed(), "--protocol", "udp", "--count", "2", "--json");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal([1, 4], Lines(result.Output).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("frame").GetInt32()));
    }

    [Fact]
    public void Progress_goes_to_stderr_only_when_asked_for_since_stderr_is_not_a_terminal_here()
    {
        var quiet = EnetCommand.Run("decode", Mixed());
        Assert.Equal("", quiet.Error);
        var shown = EnetCommand.Run("decode", Mixed(), "--progress");
        Assert.Equal(4, Lines(shown.Output).Length);
        Assert.Matches(@"^\rmixed\.pcap: 100% \(4 frames\) in [0-9.]+ s$", shown.Error.TrimEnd('\n'));
        var crtest = EnetCommand.Run("crtest", Mixed(), "--progress");
        Assert.StartsWith("\rmixed.pcap: 100% (4 frames)", crtest.Error);
    }

    [Fact]
    public void Crtest_protocol_filter_and_count_check_only_the_matching_frames()
    {
        var result = EnetCommand.Run("crtest", Mixed(), "--protocol", "udp", "--protocol", "arp", "--count", "2", "--json");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"frames":2,"decoded":2,"roundTripped":2,"broken":0,"errors":0}""", Lines(result.Output)[^1]);
    }

    [Theory]
    [InlineData("decode")]
    [InlineData("crtest")]
    public void An_unknown_protocol_is_one_line_naming_the_choices_and_exit_2(string verb)
    {
        var result = EnetCommand.Run(verb, Mixed(), "--protocol", "sctp");
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(Lines(result.Error));
        Assert.StartsWith($"enet {verb}: Argument 'sctp' not recognized. Must be one of: 'arp' 'ipv4' 'ipv6' 'icmp' 'icmpv6' 'tcp' 'udp'", line);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void A_missing_argument_is_one_line_and_exit_2_instead_of_the_help_text()
    {
        var result = EnetCommand.Run("decode");
        Assert.Equal((2, "enet decode: Required argument 'file' missing for command: 'decode'. (see enet decode --help)"), (result.ExitCode, result.Error.Trim()));
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void A_negative_count_is_one_line_and_exit_2()
    {
        var result = EnetCommand.Run("crtest", Mixed(), "--count", "-1");
        Assert.Equal((2, "enet crtest: --count must be 0 or more (see enet crtest --help)"), (result.ExitCode, result.Error.Trim()));
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
