using Enet.Actors.Ip;
using Enet.Codecs;
using Xunit;

namespace Enet.Tests.Actors;

/// <summary>Modified EUI-64 (RFC 4291 2.5.1, appendix A), link-local addresses, solicited-node groups and their
/// Ethernet addresses (RFC 2464 7), against published vectors.</summary>
public sealed class InterfaceIdentifierTests
{
    [Theory]
    [InlineData("00:1b:21:3c:9d:f8", "fe80::21b:21ff:fe3c:9df8")] // universal MAC: the U/L bit gets set
    [InlineData("52:54:00:12:34:56", "fe80::5054:ff:fe12:3456")] // QEMU's default NIC, as Linux forms it
    [InlineData("02:00:00:aa:bb:cc", "fe80::ff:feaa:bbcc")] // local MAC: the U/L bit gets cleared
    [InlineData("ff:ff:ff:ff:ff:ff", "fe80::fdff:ffff:feff:ffff")]
    [InlineData("00:00:00:00:00:00", "fe80::200:ff:fe00:0")]
    public void Link_local_address_is_fe80_and_the_modified_eui64_of_the_mac(string mac, string expected) =>
        Assert.Equal(Ipv6Address.Parse(expected), InterfaceIdentifier.LinkLocal(MacAddress.Parse(mac)));

    [Fact]
    public void Modified_eui64_inserts_fffe_and_inverts_the_universal_local_bit()
    {
        // RFC 4291 appendix A: cccccc0gcccccccc cccccccc -> cccccc1gcccccccc cccccccc11111111 11111110 ...
        Assert.Equal(0x3656_78FF_FE9A_BCDEUL, InterfaceIdentifier.ModifiedEui64(MacAddress.Parse("34:56:78:9a:bc:de")));
    }

    [Theory]
    [InlineData("2001:db8:5::2", "ff02::1:ff00:2", "33:33:ff:00:00:02")]
    [InlineData("fe80::21b:21ff:fe3c:9df8", "ff02::1:ff3c:9df8", "33:33:ff:3c:9d:f8")]
    [InlineData("2001:db8::1:2:3", "ff02::1:ff02:3", "33:33:ff:02:00:03")]
    public void Solicited_node_group_takes_the_low_24_bits_and_maps_to_33_33(string address, string group, string mac)
    {
        var solicited = Ipv6Multicast.SolicitedNode(Ipv6Address.Parse(address));
        Assert.Equal(Ipv6Address.Parse(group), solicited);
        Assert.Equal(MacAddress.Parse(mac), Ipv6Multicast.MacFor(solicited));
        Assert.Equal(2, Ipv6Multicast.Scope(solicited));
    }

    [Fact]
    public void All_nodes_maps_to_33_33_00_00_00_01() =>
        Assert.Equal(MacAddress.Parse("33:33:00:00:00:01"), Ipv6Multicast.MacFor(Ipv6Multicast.AllNodes));

    [Theory]
    [InlineData("2001:db8:5::2/64", "2001:db8:5::ffff", true)]
    [InlineData("2001:db8:5::2/64", "2001:db8:6::1", false)]
    [InlineData("2001:db8:5::2/128", "2001:db8:5::3", false)]
    [InlineData("::/0", "2001:db8::1", true)]
    public void Prefix_contains_the_addresses_that_share_it(string cidr, string address, bool contained) =>
        Assert.Equal(contained, Ipv6Cidr.Parse(cidr).Contains(Ipv6Address.Parse(address)));

    [Theory]
    [InlineData("2001:db8::1/129")]
    [InlineData("192.0.2.1/24")]
    [InlineData("2001:db8::1/x")]
    [InlineData("fe80::1%eth0/64")]
    public void Malformed_prefixes_do_not_parse(string text) => Assert.False(Ipv6Cidr.TryParse(text, out _));
}
