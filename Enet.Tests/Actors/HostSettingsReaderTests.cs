using Enet.Configuration;
using Enet.Actors.Hosting;
using Enet.Actors.Ip;
using Enet.Codecs;
using Xunit;

namespace Enet.Tests.Actors;

public sealed class HostSettingsReaderTests
{
    /// <summary>The example host, in JSON (which is HOCON too).</summary>
    private const string Example = """
        {
          "enet": {
            "hosts": {
              "h1": {
                "interfaces": {
                  "tap0": {
                    "link": "tap",
                    "device": "enet0",
                    "mac": "02:00:00:aa:bb:cc",
                    "ipv4": ["192.0.2.2/24"],
                    "os-ipv4": "192.0.2.1/24"
                  }
                },
                "services": ["arp", "icmp", "dump"],
                "capture": "/tmp/enet0.pcapng"
              }
            }
          }
        }
        """;

    [Fact]
    public void The_example_host_maps_to_settings()
    {
        var host = Assert.Single(HostSettingsReader.Read(Hocon(Example)));
        Assert.Equal("h1", host.Name);
        Assert.Equal(["arp", "icmp", "dump"], host.Services);
        Assert.Equal("/tmp/enet0.pcapng", host.Capture);
        var iface = Assert.Single(host.Interfaces);
        Assert.Equal(new InterfaceSettings("tap0", "tap", MacAddress.Parse("02:00:00:aa:bb:cc"))
        {
            Device = "enet0",
            Ipv4 = iface.Ipv4,
            OsIpv4 = Ipv4Cidr.Parse("192.0.2.1/24"),
        }, iface);
        Assert.Equal([Ipv4Cidr.Parse("192.0.2.2/24")], iface.Ipv4);
    }

    [Fact]
    public void Tap_writes_are_batched_unless_batch_writes_is_false()
    {
        Assert.True(Assert.Single(Assert.Single(HostSettingsReader.Read(Hocon(Example))).Interfaces).BatchWrites);
        var inline = Example.Replace("\"link\": \"tap\",", "\"link\": \"tap\", \"batch-writes\": false,");
        Assert.False(Assert.Single(Assert.Single(HostSettingsReader.Read(Hocon(inline))).Interfaces).BatchWrites);
    }

    [Fact]
    public void Tap_busy_polling_is_off_unless_busy_poll_says_how_long()
    {
        Assert.Equal(TimeSpan.Zero, Assert.Single(Assert.Single(HostSettingsReader.Read(Hocon(Example))).Interfaces).BusyPoll);
        var spin = Example.Replace("\"link\": \"tap\",", "\"link\": \"tap\", \"busy-poll\": \"50us\",");
        Assert.Equal(TimeSpan.FromMicroseconds(50), Assert.Single(Assert.Single(HostSettingsReader.Read(Hocon(spin))).Interfaces).BusyPoll);
    }

    [Fact]
    public void Tap_offloads_are_on_unless_offload_is_false()
    {
        Assert.True(Assert.Single(Assert.Single(HostSettingsReader.Read(Hocon(Example))).Interfaces).Offload);
        var plain = Example.Replace("\"link\": \"tap\",", "\"link\": \"tap\", \"offload\": false,");
        Assert.False(Assert.Single(Assert.Single(HostSettingsReader.Read(Hocon(plain))).Interfaces).Offload);
    }

    [Fact]
    public void A_bad_mac_names_the_key_and_the_value()
    {
        var error = Assert.Throws<FormatException>(() => HostSettingsReader.Read(Hocon(Example.Replace("02:00:00:aa:bb:cc", "nope"))));
        Assert.Contains("mac = \"nope\"", error.Message);
    }

    [Fact]
    public void No_hosts_means_nothing_to_start()
    {
        Assert.Empty(HostSettingsReader.Read(Hocon("""{ "enet": { "hosts": {} } }""")));
        Assert.Empty(HostSettingsReader.Read(Hocon("{}")));
    }

    private static HoconConfigView Hocon(string text) => new(ConfigurationFactory.ParseString(text));
}
