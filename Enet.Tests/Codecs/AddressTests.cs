using Enet.Codecs;
using Xunit;

namespace Enet.Tests.Codecs;

public class AddressTests
{
    [Theory]
    [InlineData("00:1b:21:3a:4f:9c")]
    [InlineData("ff:ff:ff:ff:ff:ff")]
    public void Mac_text_round_trips(string text) => Assert.Equal(text, MacAddress.Parse(text).ToString());

    [Fact]
    public void Mac_reads_and_writes_network_order()
    {
        byte[] bytes = [0x02, 0x00, 0x5e, 0x10, 0x20, 0x30];
        var mac = MacAddress.Read(bytes);
        Assert.Equal("02:00:5e:10:20:30", mac.ToString());
        var back = new byte[6];
        mac.Write(back);
        Assert.Equal(bytes, back);
        Assert.False(mac.IsMulticast);
        Assert.True(MacAddress.Parse("33:33:00:00:00:01").IsMulticast);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("0x7f.0.0.1.2")]
    [InlineData("256.1.1.1")]
    [InlineData("::1")]
    [InlineData("")]
    public void Ipv4_rejects_what_is_not_a_dotted_quad(string text) => Assert.False(Ipv4Address.TryParse(text, out _));

    [Fact]
    public void Ipv4_parses_and_formats()
    {
        var ip = Ipv4Address.Parse("192.168.42.2");
        Assert.Equal(new Ipv4Address(192, 168, 42, 2), ip);
        Assert.Equal("192.168.42.2", ip.ToString());
    }

    [Theory]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("2001:0DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1")]
    [InlineData("::ffff:192.168.42.2", "::ffff:192.168.42.2")]
    [InlineData("fe80::1", "fe80::1")]
    public void Ipv6_formats_per_rfc5952(string text, string expected) => Assert.Equal(expected, Ipv6Address.Parse(text).ToString());

    [Fact]
    public void Ipv6_classifies_link_local_and_multicast()
    {
        Assert.True(Ipv6Address.Parse("fe80::1").IsLinkLocal);
        Assert.False(Ipv6Address.Parse("fec0::1").IsLinkLocal);
        Assert.True(Ipv6Address.Parse("ff02::1").IsMulticast);
    }
}
