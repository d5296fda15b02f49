using Enet.Actors.Hosting;
using Enet.Configuration;
using Xunit;

namespace Enet.Tests.Actors;

public sealed class HoconHostSettingsTests
{
    [Fact]
    public void The_issue_example_in_hocon_maps_to_settings()
    {
        var config = ConfigurationFactory.ParseString("""
            enet.hosts.h1 {
              interfaces.tap0 {
                link = tap                  # tap | wire | pcap
                device = "enet0"            # TAP device name, created if absent
                mac = "02:00:00:aa:bb:cc"
                ipv4 = ["192.0.2.2/24"]
                os-ipv4 = "192.0.2.1/24"    # optional: address given to the operating system's side, brought up
              }
              services = [arp, icmp, dump]  # dump prints every frame; add crtest for the round-trip tester
              capture = "/tmp/enet0.pcapng" # optional: the dumper also writes every frame here
            }
            """);
        var host = Assert.Single(HostSettingsReader.Read(new HoconConfigView(config)));
        Assert.Equal(["arp", "icmp", "dump"], host.Services);
        Assert.Equal("/tmp/enet0.pcapng", host.Capture);
        var iface = Assert.Single(host.Interfaces);
        Assert.Equal(("tap0", "tap", "enet0", "02:00:00:aa:bb:cc", "192.0.2.2/24", "192.0.2.1/24"),
            (iface.Name, iface.Link, iface.Device, iface.Mac.ToString(), iface.Ipv4.Single().ToString(), iface.OsIpv4.ToString()));
    }
}
