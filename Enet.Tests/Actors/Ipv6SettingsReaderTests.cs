using Enet.Actors.Hosting;
using Enet.Actors.Ip;
using Enet.Configuration;
using Xunit;

namespace Enet.Tests.Actors;

/// <summary>The IPv6 keys: interfaces.IFACE.ipv6 / os-ipv6, and the enet.ipv6 bounds.</summary>
public sealed class Ipv6SettingsReaderTests
{
    private static IConfigView Hocon(string text) => new HoconConfigView(ConfigurationFactory.ParseString(text));

    private const string Host = """
        enet.hosts.h1.interfaces.tap0 {
          mac = "02:00:00:aa:bb:cc"
          ipv6 = ["2001:db8:5::2/64", "2001:db8:6::2/64"]
          os-ipv6 = "2001:db8:5::1/64"
        }
        """;

    [Fact]
    public void Interface_ipv6_addresses_and_the_os_side_address_are_read()
    {
        var iface = Assert.Single(Assert.Single(HostSettingsReader.Read(Hocon(Host))).Interfaces);
        Assert.Equal([Ipv6Cidr.Parse("2001:db8:5::2/64"), Ipv6Cidr.Parse("2001:db8:6::2/64")], iface.Ipv6);
        Assert.Equal(Ipv6Cidr.Parse("2001:db8:5::1/64"), iface.OsIpv6);
    }

    [Fact]
    public void Bounds_under_enet_ipv6_override_the_defaults()
    {
        var host = Assert.Single(HostSettingsReader.Read(Hocon(Host + """

            enet.ipv6 { hop-limit = 32, neighbors { max-entries = 8, max-pending-per-address = 1, dad-transmits = 0 },
                        reassembly { max-bytes = 100000, max-datagrams = 4 }, icmp-errors.burst = 2,
                        path-mtu { max-entries = 16, timeout = 5m } }
            """)));
        var settings = host.Ipv6;
        Assert.Equal((32, 8, 1, 0), (settings.HopLimit, settings.Ndp.MaxEntries, settings.Ndp.MaxPendingPackets, settings.Ndp.DupAddrDetectTransmits));
        Assert.Equal((100000L, 4, 2), (settings.MaxReassemblyBytes, settings.MaxReassemblies, settings.IcmpErrorBurst));
        Assert.Equal((16, TimeSpan.FromMinutes(5)), (settings.MaxPathMtuEntries, settings.PathMtuTimeout));
    }

    [Fact]
    public void A_malformed_ipv6_address_names_the_value()
    {
        var error = Assert.Throws<FormatException>(() => HostSettingsReader.Read(Hocon(Host.Replace("2001:db8:5::1/64", "nope"))));
        Assert.Contains("nope", error.Message);
    }
}
