using Enet.Actors.Hosting;
using Enet.Actors.Udp;
using Enet.Configuration;
using Xunit;

namespace Enet.Tests.Actors;

public class UdpSettingsTests
{
    private static IConfigView View(string hocon) => new HoconConfigView(ConfigurationFactory.ParseString(hocon).WithFallback(ConfigurationFactory.Default()));

    [Fact]
    public void Reference_configuration_gives_the_documented_defaults()
    {
        Assert.Equal(UdpSettings.Default, UdpSettings.Read(View("")));
        Assert.Equal((212992, 5, 49152, 65535, true), (UdpSettings.Default.RecBuf, UdpSettings.Default.ReadPackets,
            UdpSettings.Default.EphemeralLow, UdpSettings.Default.EphemeralHigh, UdpSettings.Default.PortUnreachable));
    }

    [Fact]
    public void Enet_udp_overrides_reach_every_host()
    {
        var hosts = HostSettingsReader.Read(View("""
            enet.udp { recbuf = 4096, ephemeral-ports = [50000, 50010], port-unreachable = false }
            enet.hosts.h1.interfaces.eth0 { mac = "02:00:00:00:00:01", ipv4 = ["192.0.2.2/24"] }
            """));
        var udp = hosts.Single().Udp;
        Assert.Equal((4096, 50000, 50010, false, 5), (udp.RecBuf, udp.EphemeralLow, udp.EphemeralHigh, udp.PortUnreachable, udp.ReadPackets));
    }

    [Fact]
    public void An_ephemeral_range_that_is_not_low_to_high_is_refused()
    {
        var error = Assert.Throws<FormatException>(() => UdpSettings.Read(View("enet.udp.ephemeral-ports = [60000, 50000]")));
        Assert.Contains("ephemeral-ports", error.Message);
    }
}
