using Enet.Actors.Hosting;
using Enet.Actors.Ip;
using Enet.Codecs;
using Enet.Configuration;
using Xunit;

namespace Enet.Tests.Actors;

/// <summary>The host keys `gateway` and `routes` and the enet.ip bounds, read from HOCON.</summary>
public sealed class Ipv4ConfigurationTests
{
    private const string Host = """
        enet.hosts.h1 {
          interfaces.tap0 { mac = "02:00:00:aa:bb:cc", ipv4 = ["192.0.2.2/24"] }
          gateway = "192.0.2.1"
          routes = [
            { destination = "198.51.100.0/24", via = "192.0.2.254" }
            { destination = "203.0.113.0/24", via = "192.0.2.253", mtu = 1280 }
          ]
        }
        """;

    [Fact]
    public void Gateway_and_routes_of_a_host_are_read_in_order()
    {
        var host = Assert.Single(HostSettingsReader.Read(new HoconConfigView(ConfigurationFactory.ParseString(Host))));
        Assert.Equal(new Ipv4Address(192, 0, 2, 1), host.Gateway);
        Assert.Equal([
            new Ipv4StaticRoute(Ipv4Cidr.Parse("198.51.100.0/24"), new(192, 0, 2, 254)),
            new Ipv4StaticRoute(Ipv4Cidr.Parse("203.0.113.0/24"), new(192, 0, 2, 253)) { Mtu = 1280 },
        ], host.Routes);
    }

    [Fact]
    public void Reference_conf_gives_the_rfc_1122_reassembly_timeout_and_the_default_bounds()
    {
        var config = ConfigurationFactory.ParseString(Host).WithFallback(ConfigurationFactory.Default());
        var ipv4 = Assert.Single(HostSettingsReader.Read(new HoconConfigView(config))).Ipv4;
        Assert.Equal((TimeSpan.FromSeconds(60), 65535, 4L * 1024 * 1024, 1000d, 50, (byte)64),
            (ipv4.ReassemblyTimeout, ipv4.ReassemblyMaxDatagramBytes, ipv4.ReassemblyMaxBytes, ipv4.IcmpErrorRate, ipv4.IcmpErrorBurst, ipv4.Ttl));
    }

    [Fact]
    public void Enet_ip_keys_override_the_bounds()
    {
        var config = ConfigurationFactory.ParseString(Host + """

            enet.ip { ttl = 32, reassembly { timeout = 90s, max-bytes-per-datagram = 9000, max-bytes = 1 MiB }, icmp-errors { rate = 10, burst = 2 } }
            """);
        var ipv4 = Assert.Single(HostSettingsReader.Read(new HoconConfigView(config))).Ipv4;
        Assert.Equal((TimeSpan.FromSeconds(90), 9000, 1024L * 1024, 10d, 2, (byte)32),
            (ipv4.ReassemblyTimeout, ipv4.ReassemblyMaxDatagramBytes, ipv4.ReassemblyMaxBytes, ipv4.IcmpErrorRate, ipv4.IcmpErrorBurst, ipv4.Ttl));
    }

    [Fact]
    public void A_bad_route_destination_names_the_key_and_the_value()
    {
        var error = Assert.Throws<FormatException>(() =>
            HostSettingsReader.Read(new HoconConfigView(ConfigurationFactory.ParseString(Host.Replace("198.51.100.0/24", "198.51.100.0/33")))));
        Assert.Contains("destination = \"198.51.100.0/33\"", error.Message);
    }
}
