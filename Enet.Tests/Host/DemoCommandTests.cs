using Enet.Host.Demo;
using Xunit;

namespace Enet.Tests.Host;

/// <summary>`enet demo`: the scenario in-process (what it found) and the built binary (exit codes, output).</summary>
[Collection(SerilogLoggerCollection.Name)]
public sealed class DemoCommandTests
{
    private static readonly DemoOptions Quick = new() { PingInterval = TimeSpan.FromMilliseconds(20), PingTimeout = TimeSpan.FromMilliseconds(300) };

    [Fact]
    public async Task Demo_hosts_resolve_ping_each_other_in_a_ring_and_echo_udp_and_tcp_while_every_frame_is_printed()
    {
        var output = new StringWriter();
        var summary = await DemoScenario.RunAsync(Quick with { Hosts = 3, Pings = 2 }, output);
        var text = output.ToString();
        Assert.True(summary.Succeeded, string.Join("; ", summary.Failures) + "\n" + text);
        Assert.Equal(["192.0.2.2", "192.0.2.3", "192.0.2.1"], summary.Pings.Select(p => p.Address.ToString()));
        Assert.All(summary.Pings, p => Assert.Equal((2, 2), (p.Transmitted, p.Received)));
        Assert.Contains("a > ARP, Request who-has 192.0.2.2 tell 192.0.2.1", text);
        Assert.Contains("b > ARP, Reply 192.0.2.2 is-at 02:00:00:00:00:02", text);
        Assert.Contains("c > IP 192.0.2.3 > 192.0.2.1: ICMP echo request", text);
        Assert.Equal(2, summary.UdpEchoes);
        Assert.Equal(2, summary.TcpEchoes);
        Assert.Contains("a -> c:7 echoed \"hello c over tcp from a\"", text);
        Assert.Contains("b > IP 192.0.2.2.7 > 192.0.2.1.", text);
        Assert.Contains("a: 192.0.2.3:7 echoed \"hello c from a\"", text);
        // A line per frame: the count in the summary is the count of trace lines.
        Assert.Equal(summary.Frames, text.Split('\n').Count(l => l.Contains(" > ") && !l.Contains("->")));
        Assert.Equal(0, summary.Lost);
    }

    [Fact]
    public async Task Demo_on_a_lossy_wire_marks_the_lost_frames_and_counts_them()
    {
        var output = new StringWriter();
        var summary = await DemoScenario.RunAsync(Quick with { Pings = 10, LossPercent = 30, Seed = 7 }, output);
        var text = output.ToString();
        Assert.InRange(summary.Lost, 1, summary.Frames - 1);
        Assert.Equal(summary.Lost, text.Split('\n').Count(l => l.EndsWith("[lost on the wire]")));
        Assert.Contains($"wire: {summary.Frames} frames, {summary.Lost} lost", text);
        Assert.Contains(summary.Pings, p => p.Received < p.Transmitted);
    }

    [Fact]
    public void Demo_command_exits_0_and_ends_with_the_table_of_hosts_and_pings()
    {
        var result = EnetCommand.Run("demo", "--pings", "2");
        Assert.True(result.ExitCode == 0, result.Error);
        var lines = result.Output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains("host  address       mac                tx  rx  lost  dropped", lines);
        Assert.Contains(lines, l => l.StartsWith("a -> b  2     2         0%"));
        Assert.Contains(lines, l => l.StartsWith("b -> a  2     2         0%"));
        Assert.Contains("every step succeeded", result.Output);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void Demo_command_on_a_wire_that_loses_everything_exits_1_with_a_line_per_failed_step()
    {
        var result = EnetCommand.Run("demo", "--loss", "100", "--pings", "1");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["enet demo: a could not resolve 192.0.2.2", "enet demo: a -> b: no echo replies", "enet demo: b -> a: no echo replies", "enet demo: a -> b: no UDP echo after 3 attempts",
            "enet demo: a -> b: no TCP echo (connect failed: Etimedout)"],
            result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("--hosts", "1", "enet demo: --hosts must be between 2 and 16, not 1")]
    [InlineData("--loss", "101", "enet demo: --loss must be a percentage between 0 and 100, not 101")]
    [InlineData("--pings", "0", "enet demo: --pings must be at least 1, not 0")]
    [InlineData("--hosts", "many", "enet demo: Cannot parse argument 'many' for option '--hosts' as expected type 'System.Int32'. (see enet demo --help)")]
    public void Demo_command_rejects_options_out_of_range_in_one_line_with_exit_2(string option, string value, string message)
    {
        var result = EnetCommand.Run("demo", option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(message, result.Error.Trim());
        Assert.Equal("", result.Output);
    }
}
