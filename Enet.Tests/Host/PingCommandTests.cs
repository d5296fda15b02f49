using Xunit;

namespace Enet.Tests.Host;

/// <summary>`enet ping` between two hosts a configuration cables together over an in-memory wire (no root), and
/// its error paths; <see cref="PingCommandTapTests"/> pings Linux.</summary>
public sealed class PingCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("enet-ping-").FullName;

    private static string WireConfig => Path.Combine(TestEnvironment.RepositoryRoot, "examples", "wire.conf");

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Ping_prints_a_line_per_reply_and_the_statistics_and_exits_0()
    {
        var result = EnetCommand.Run("ping", "192.0.2.2", "--config", WireConfig, "--count", "3", "--interval", "0.05");
        Assert.True(result.ExitCode == 0, result.Error);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("PING 192.0.2.2 (192.0.2.2) from 192.0.2.1 h1/eth0: 56(84) bytes of data.", lines[0]);
        for (var i = 1; i <= 3; i++)
            Assert.Matches($@"^64 bytes from 192\.0\.2\.2: icmp_seq={i} ttl=64 time=[0-9.]+ ms$", lines[i]);
        Assert.Equal("--- 192.0.2.2 ping statistics ---", lines[4]);
        Assert.StartsWith("3 packets transmitted, 3 received, 0% packet loss, time ", lines[5]);
        Assert.Matches(@"^rtt min/avg/max/mdev = [0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+ ms$", lines[6]);
    }

    [Fact]
    public void Ping6_prints_what_linux_ping_prints_for_ipv6_with_the_size_asked_for()
    {
        var result = EnetCommand.Run("ping", "2001:db8::2", "--config", WireConfig, "-c", "3", "-i", "0.05", "-s", "100");
        Assert.True(result.ExitCode == 0, result.Error);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("PING 2001:db8::2(2001:db8::2) from 2001:db8::1 h1/eth0: 100 data bytes", lines[0]);
        for (var i = 1; i <= 3; i++)
            Assert.Matches($@"^108 bytes from 2001:db8::2: icmp_seq={i} ttl=64 time=[0-9.]+ ms$", lines[i]);
        Assert.Equal("--- 2001:db8::2 ping statistics ---", lines[4]);
        Assert.StartsWith("3 packets transmitted, 3 received, 0% packet loss, time ", lines[5]);
        Assert.Matches(@"^rtt min/avg/max/mdev = [0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+ ms$", lines[6]);
    }

    [Fact]
    public void Ping_size_sets_the_data_bytes_of_each_request_as_ping_s_does()
    {
        var result = EnetCommand.Run("ping", "192.0.2.2", "--config", WireConfig, "-c", "1", "--size", "1000");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.StartsWith("PING 192.0.2.2 (192.0.2.2) from 192.0.2.1 h1/eth0: 1000(1028) bytes of data.", result.Output);
        Assert.Contains("1008 bytes from 192.0.2.2: icmp_seq=1 ttl=64", result.Output);
    }

    [Fact]
    public void Ctrl_c_stops_the_ping_and_prints_the_statistics_of_what_was_sent()
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? TestEnvironment.FindTool("dotnet") ?? "dotnet";
        using var enet = Enet.Tests.Remote.ErlangPeer.StartProgram(dotnet,
            [Path.Combine(AppContext.BaseDirectory, "enet.dll"), "ping", "192.0.2.2", "--config", WireConfig, "-c", "1000", "-i", "0.05"],
            epmdPort: 0, alive: "enet ping");
        enet.WaitForLine("icmp_seq=2 ", TimeSpan.FromSeconds(30));
        enet.Signal("INT");
        Assert.Equal(0, enet.WaitForExit(TimeSpan.FromSeconds(30)));
        var statistics = enet.WaitForLine("packets transmitted", TimeSpan.FromSeconds(5));
        var transmitted = int.Parse(statistics.Split(' ')[0]);
        Assert.InRange(transmitted, 2, 999);
    }

    [Fact]
    public void Ping_from_a_named_interface_of_the_other_host_goes_the_other_way()
    {
        var result = EnetCommand.Run("ping", "192.0.2.1", "--config", WireConfig, "-c", "1", "--interface", "h2/eth0");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.StartsWith("PING 192.0.2.1 (192.0.2.1) from 192.0.2.2 h2/eth0", result.Output);
    }

    [Fact]
    public void Ping_that_gets_no_reply_reports_full_loss_and_exits_1()
    {
        var result = EnetCommand.Run("ping", "192.0.2.77", "--config", WireConfig, "-c", "2", "-i", "0", "-W", "0.2");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("2 packets transmitted, 0 received, 100% packet loss", result.Output);
        Assert.DoesNotContain("bytes from", result.Output);
    }

    [Theory]
    [InlineData("not-an-address", "enet ping: not-an-address: not an IPv4 or IPv6 address")]
    [InlineData("2001:db8:9::1", "enet ping: no interface with the icmp service can reach 2001:db8:9::1")]
    [InlineData("10.9.9.9", "enet ping: no interface with the icmp service can reach 10.9.9.9")]
    public void Ping_of_an_address_it_cannot_ping_is_one_line_and_exit_2(string address, string message)
    {
        var result = EnetCommand.Run("ping", address, "--config", WireConfig);
        Assert.Equal((2, message), (result.ExitCode, result.Error.Trim()));
    }

    [Fact]
    public void Ping_from_an_interface_that_does_not_exist_is_one_line_and_exit_2()
    {
        var result = EnetCommand.Run("ping", "192.0.2.2", "--config", WireConfig, "--interface", "eth9");
        Assert.Equal((2, "enet ping: eth9: no such interface with the icmp service"), (result.ExitCode, result.Error.Trim()));
    }

    [Fact]
    public void Ping_with_a_missing_configuration_file_is_one_line_and_exit_2()
    {
        var missing = Path.Combine(directory, "absent.conf");
        var result = EnetCommand.Run("ping", "192.0.2.2", "--config", missing);
        Assert.Equal((2, $"enet ping: {missing}: no such file"), (result.ExitCode, result.Error.Trim()));
    }

    [Fact]
    public void Ping_with_a_bad_value_in_the_configuration_names_its_file_line_and_column()
    {
        var file = Path.Combine(directory, "bad.conf");
        File.WriteAllText(file, "enet.hosts.h1.interfaces.eth0 {\n  link = wire\n  mac = \"02:00:00:00:00:01\"\n  ipv4 = [\"192.0.2.300/24\"]\n}\n");
        var result = EnetCommand.Run("ping", "192.0.2.2", "--config", file);
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"enet ping: {file}:4:10: ipv4 = \"192.0.2.300/24\": ", line);
    }
}
