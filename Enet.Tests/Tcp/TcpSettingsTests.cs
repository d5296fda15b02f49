using Enet.Actors.Hosting;
using Enet.Actors.Tcp;
using Enet.Configuration;
using Xunit;

namespace Enet.Tests.Tcp;

public sealed class TcpSettingsTests
{
    private static IConfigView View(string hocon) => new HoconConfigView(ConfigurationFactory.ParseString(hocon).WithFallback(ConfigurationFactory.Default()));

    [Fact]
    public void Reference_configuration_gives_the_documented_defaults()
    {
        Assert.Equal(TcpSettings.Default, TcpSettings.Read(View("")));
        Assert.Equal((TimeSpan.FromMilliseconds(200), TimeSpan.FromHours(2), 9, true), (TcpSettings.Default.DelayedAckTimeout,
            TcpSettings.Default.KeepAliveIdle, TcpSettings.Default.KeepAliveCount, TcpSettings.Default.WindowScaling));
    }

    [Fact]
    public void Enet_tcp_overrides_reach_every_host()
    {
        var hosts = HostSettingsReader.Read(View("""
            enet.tcp { recbuf = 1048576, delayed-ack = 40ms, window-scaling = false, rto.min = 200ms, keepalive { idle = 60s, count = 3 } }
            enet.hosts.h1.interfaces.eth0 { mac = "02:00:00:00:00:01", ipv4 = ["192.0.2.2/24"] }
            """));
        var tcp = hosts.Single().Tcp;
        Assert.Equal((1048576, TimeSpan.FromMilliseconds(40), false, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(60), 3,
            TcpSettings.Default.KeepAliveInterval), (tcp.ReceiveBuffer, tcp.DelayedAckTimeout, tcp.WindowScaling, tcp.MinimumRto,
            tcp.KeepAliveIdle, tcp.KeepAliveCount, tcp.KeepAliveInterval));
    }

    [Fact]
    public void A_delayed_ack_over_500_ms_is_refused()
    {
        var error = Assert.Throws<FormatException>(() => TcpSettings.Read(View("enet.tcp.delayed-ack = 1s")));
        Assert.Contains("delayed-ack", error.Message);
    }

    [Fact]
    public void Sack_and_cubic_are_on_by_default_and_newreno_without_sack_is_selectable()
    {
        Assert.Equal((true, CongestionAlgorithm.Cubic), (TcpSettings.Default.Sack, TcpSettings.Default.CongestionControl));
        var read = TcpSettings.Read(View("enet.tcp { sack = false, congestion-control = newreno }"));
        Assert.Equal((false, CongestionAlgorithm.NewReno), (read.Sack, read.CongestionControl));
        var error = Assert.Throws<FormatException>(() => TcpSettings.Read(View("enet.tcp.congestion-control = bbr")));
        Assert.Contains("congestion-control", error.Message);
    }

    [Fact]
    public void Hystart_and_timestamps_are_on_by_default_and_hystart_is_turned_off_with_off()
    {
        Assert.Equal((true, true), (TcpSettings.Default.HyStart, TcpSettings.Default.Timestamps));
        Assert.False(TcpSettings.Read(View("enet.tcp.hystart = off")).HyStart);
        Assert.True(TcpSettings.Read(View("enet.tcp.hystart = on")).HyStart);
        var error = Assert.Throws<FormatException>(() => TcpSettings.Read(View("enet.tcp.hystart = sometimes")));
        Assert.Contains("hystart", error.Message);
    }

    [Fact]
    public void Syn_cookies_are_on_by_default_and_read_as_linux_tcp_syncookies_modes()
    {
        Assert.Equal((SynCookieMode.On, 1000), (TcpSettings.Default.SynCookies, TcpSettings.Default.ChallengeAckLimit));
        Assert.Equal(SynCookieMode.Always, TcpSettings.Read(View("enet.tcp.syn-cookies = always")).SynCookies);
        Assert.Equal(SynCookieMode.Off, TcpSettings.Read(View("enet.tcp.syn-cookies = off")).SynCookies);
        Assert.Equal(SynCookieMode.On, TcpSettings.Read(View("enet.tcp.syn-cookies = on")).SynCookies);
        Assert.Equal(50, TcpSettings.Read(View("enet.tcp.challenge-ack-limit = 50")).ChallengeAckLimit);
        Assert.Contains("syn-cookies", Assert.Throws<FormatException>(() => TcpSettings.Read(View("enet.tcp.syn-cookies = sometimes"))).Message);
        Assert.Contains("challenge-ack-limit", Assert.Throws<FormatException>(() => TcpSettings.Read(View("enet.tcp.challenge-ack-limit = 0"))).Message);
    }
}
