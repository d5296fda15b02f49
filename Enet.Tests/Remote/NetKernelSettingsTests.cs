using System.Net;
using Enet.Remote;
using Enet.Configuration;
using Xunit;

namespace Enet.Tests.Remote;

public class NetKernelSettingsTests
{
    [Fact]
    public void Enet_remote_section_is_read_into_the_node_settings()
    {
        var settings = NetKernelSettings.FromConfig(ConfigurationFactory.ParseString("""
            enet.remote {
              node-name = "n1@localhost"
              cookie = monster
              epmd-port = 14369
              net-ticktime = 8s
              net-setuptime = 3s
              hidden = false
              allow = ["a@localhost", "b@"]
              dist-auto-connect = once
              dist-buf-busy-limit = 4MiB
            }
            """));
        Assert.Equal("n1@localhost", settings.Name);
        Assert.Equal("monster", settings.Cookie);
        Assert.Equal(14369, settings.EpmdPort);
        Assert.Equal(TimeSpan.FromSeconds(8), settings.NetTicktime);
        Assert.Equal(TimeSpan.FromSeconds(3), settings.SetupTime);
        Assert.False(settings.Hidden);
        Assert.Equal(["a@localhost", "b@"], settings.Allow);
        Assert.Equal(DistAutoConnect.Once, settings.AutoConnect);
        Assert.Equal(4L << 20, settings.DistBufBusyLimit);
    }

    [Fact]
    public void Reference_conf_defaults_are_a_hidden_node_with_the_cookie_file_and_no_allow_list()
    {
        var settings = NetKernelSettings.FromConfig(ConfigurationFactory.ParseString("enet.remote.node-name = x"));
        Assert.Null(settings.Cookie);
        Assert.True(settings.Hidden);
        Assert.Null(settings.Allow);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.NetTicktime);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.SetupTime);
        Assert.Equal(DistAutoConnect.Always, settings.AutoConnect);
        // OTP's default dist_buf_busy_limit: 1024 kilobytes (erl +zdbbl).
        Assert.Equal(1L << 20, settings.DistBufBusyLimit);
        Assert.Equal(int.TryParse(Environment.GetEnvironmentVariable("ERL_EPMD_PORT"), out var port) ? port : 4369, settings.EpmdPort);
    }

    [Fact]
    public void Unknown_dist_auto_connect_is_a_configuration_error_naming_the_key()
    {
        var e = Assert.Throws<ConfigException>(() => NetKernelSettings.FromConfig(ConfigurationFactory.ParseString("enet.remote.dist-auto-connect = sometimes")));
        Assert.Contains("enet.remote.dist-auto-connect", e.Message);
    }

    [Theory]
    [InlineData("512B")]
    [InlineData("3GiB")]
    public void Busy_limit_outside_the_range_erl_accepts_is_a_configuration_error(string limit)
    {
        var e = Assert.Throws<ConfigException>(() => NetKernelSettings.FromConfig(ConfigurationFactory.ParseString($"enet.remote.dist-buf-busy-limit = {limit}")));
        Assert.Contains("enet.remote.dist-buf-busy-limit", e.Message);
    }

    [Theory]
    [InlineData("enet", "build.example.org", "enet@build")]
    [InlineData("enet", "vm", "enet@vm")]
    [InlineData("enet@", "vm", "enet@vm")]
    [InlineData("enet@box", "build.example.org", "enet@box")]
    [InlineData("a-1_B@localhost", "vm", "a-1_B@localhost")]
    public void A_short_name_is_completed_with_the_host_name_up_to_its_first_dot_as_erl_sname_does(string given, string machine, string expected) =>
        Assert.Equal(expected, NetKernelSettings.ShortNodeName(given, machine));

    [Theory]
    [InlineData("enet@box.example.org")]
    [InlineData("enet@127.0.0.1")]
    public void A_short_name_with_a_dotted_host_is_refused_as_erl_sname_refuses_it(string given)
    {
        var e = Assert.Throws<ArgumentException>(() => NetKernelSettings.ShortNodeName(given, "vm"));
        Assert.Contains("short node name", e.Message);
    }

    [Theory]
    [InlineData("enet@box.example.org")]
    [InlineData("enet@127.0.0.1")]
    [InlineData("enet@vm")]
    public void A_long_name_keeps_its_host_as_erl_name_does(string given) =>
        Assert.Equal(given, NetKernelSettings.LongNodeName(given));

    [Theory]
    [InlineData("enet")]
    [InlineData("enet@")]
    public void A_long_name_without_a_host_is_refused(string given) =>
        Assert.Throws<ArgumentException>(() => NetKernelSettings.LongNodeName(given));

    [Theory]
    [InlineData("")]
    [InlineData("@vm")]
    [InlineData("a.b")]
    [InlineData("a b@vm")]
    [InlineData("ünï@vm")]
    [InlineData("a@v m")]
    public void Names_erl_calls_invalid_are_refused_in_both_forms(string given)
    {
        Assert.Throws<ArgumentException>(() => NetKernelSettings.ShortNodeName(given, "vm"));
        Assert.Throws<ArgumentException>(() => NetKernelSettings.LongNodeName(given.Contains('@') ? given : given + "@vm"));
    }

    [Fact]
    public void The_listen_address_is_ipv4_as_erl_inet_tcp_distribution_connects()
    {
        Assert.Equal(IPAddress.Loopback, new NetKernelSettings("x") { ListenAddress = IPAddress.Loopback }.ListenAddress);
        Assert.Throws<ArgumentException>(() => new NetKernelSettings("x") { ListenAddress = IPAddress.IPv6Loopback });
    }
}
