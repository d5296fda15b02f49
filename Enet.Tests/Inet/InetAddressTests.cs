using Enet.Actors.Inet;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Enet.Tests.Inet;

using Inet = Enet.Actors.Inet.Inet;

/// <summary>Address text exactly as OTP 25's inet module reads and writes it; every vector was probed with erl.</summary>
public class InetAddressTests
{
    private static string Show(InetResult<InetAddress> result) => result.IsOk ? result.Value.ToTupleString() : $"error:{Inet.Atom(result.Error!.Value)}";

    [Theory]
    [InlineData("192.168.42.2", "{192,168,42,2}")]
    [InlineData("127.1", "{127,0,0,1}")]
    [InlineData("10.1.2", "{10,1,0,2}")]
    [InlineData("0x7f.0.0.1", "{127,0,0,1}")]
    [InlineData("017.0.0.1", "{15,0,0,1}")]
    [InlineData("0XFF.0.0.1", "{255,0,0,1}")]
    [InlineData("1.2.3.04", "{1,2,3,4}")]
    [InlineData("+1.2.3.4", "{1,2,3,4}")]
    [InlineData("1", "{0,0,0,1}")]
    [InlineData("4294967295", "{255,255,255,255}")]
    [InlineData("1.16777215", "{1,255,255,255}")]
    [InlineData("1.2.65535", "{1,2,255,255}")]
    [InlineData("0.0.0.0", "{0,0,0,0}")]
    [InlineData("255.255.255.255", "{255,255,255,255}")]
    [InlineData("::", "{0,0,0,0,0,0,0,0}")]
    [InlineData("::1", "{0,0,0,0,0,0,0,1}")]
    [InlineData("2001:db8::1", "{8193,3512,0,0,0,0,0,1}")]
    [InlineData("::ffff:192.168.42.2", "{0,0,0,0,0,65535,49320,10754}")]
    [InlineData("::FFFF:1.2.3.4", "{0,0,0,0,0,65535,258,772}")]
    [InlineData("0:0:0:0:0:ffff:c0a8:2a02", "{0,0,0,0,0,65535,49320,10754}")]
    [InlineData("::192.168.42.2", "{0,0,0,0,0,0,49320,10754}")]
    [InlineData("fe80::1%eth0", "{65152,0,0,0,0,0,0,1}")]
    [InlineData("fe80::1%25eth0", "{65152,0,0,0,0,0,0,1}")]
    [InlineData("2001:DB8:0:0:1:0:0:1", "{8193,3512,0,0,1,0,0,1}")]
    [InlineData("1:2:3:4:5:6:7:8", "{1,2,3,4,5,6,7,8}")]
    [InlineData("1:2:3:4:5:6:1.2.3.4", "{1,2,3,4,5,6,258,772}")]
    [InlineData("1:2:3:4:5:6:7::", "{1,2,3,4,5,6,7,0}")]
    [InlineData("::1:2:3:4:5:6:7", "{0,1,2,3,4,5,6,7}")]
    [InlineData("1::", "{1,0,0,0,0,0,0,0}")]
    [InlineData("a:b:c:d:e:f:0:0", "{10,11,12,13,14,15,0,0}")]
    [InlineData("::0001", "{0,0,0,0,0,0,0,1}")]
    [InlineData("256.0.0.1", "error:einval")]
    [InlineData("4294967296", "error:einval")]
    [InlineData("1.16777216", "error:einval")]
    [InlineData("1.2.65536", "error:einval")]
    [InlineData("0x", "error:einval")]
    [InlineData("08.0.0.1", "error:einval")]
    [InlineData(" 1.2.3.4", "error:einval")]
    [InlineData("1.2.3.4 ", "error:einval")]
    [InlineData("-1.2.3.4", "error:einval")]
    [InlineData("1..2.3", "error:einval")]
    [InlineData("1.2.3.", "error:einval")]
    [InlineData("1.2.3.4.5", "error:einval")]
    [InlineData("1.2.3.0x", "error:einval")]
    [InlineData("0x100.0.0.1", "error:einval")]
    [InlineData("", "error:einval")]
    [InlineData("1::2::3", "error:einval")]
    [InlineData("::ffff:1.2", "error:einval")]
    [InlineData("::1.2.3", "error:einval")]
    [InlineData("1:2:3:4:5:6:7:8:9", "error:einval")]
    [InlineData("1:2:3:4:5:6:7:1.2.3.4", "error:einval")]
    [InlineData("12345::", "error:einval")]
    [InlineData("::01234", "error:einval")]
    [InlineData(":1::", "error:einval")]
    [InlineData("1:::2", "error:einval")]
    [InlineData("[::1]", "error:einval")]
    [InlineData("::0x1", "error:einval")]
    [InlineData("g::1", "error:einval")]
    public void Parse_address_reads_what_inet_reads(string text, string expected) => Assert.Equal(expected, Show(Inet.ParseAddress(text)));

    [Theory]
    [InlineData("192.168.42.2", "{192,168,42,2}")]
    [InlineData("::1", "{0,0,0,0,0,0,0,1}")]
    [InlineData("127.1", "error:einval")]
    [InlineData("0x7f.0.0.1", "error:einval")]
    [InlineData("017.0.0.1", "error:einval")]
    public void Parse_strict_address_takes_only_full_decimal_quads(string text, string expected) =>
        Assert.Equal(expected, Show(Inet.ParseStrictAddress(text)));

    [Theory]
    [InlineData("127.1", "{127,0,0,1}")]
    [InlineData("192.168.42.2", "{192,168,42,2}")]
    [InlineData("0x7f.1", "{127,0,0,1}")]
    [InlineData("::1", "error:einval")]
    [InlineData("1.2.3.256", "error:einval")]
    public void Parse_ipv4_address(string text, string expected) => Assert.Equal(expected, Show(Inet.ParseIpv4Address(text)));

    [Theory]
    [InlineData("192.168.42.2", "{192,168,42,2}")]
    [InlineData("0.0.0.0", "{0,0,0,0}")]
    [InlineData("255.255.255.255", "{255,255,255,255}")]
    [InlineData("127.1", "error:einval")]
    [InlineData("01.2.3.4", "error:einval")]
    [InlineData("1.2.3.04", "error:einval")]
    [InlineData("1.2.3.4.", "error:einval")]
    [InlineData("1.2.3", "error:einval")]
    public void Parse_ipv4strict_address(string text, string expected) => Assert.Equal(expected, Show(Inet.ParseIpv4StrictAddress(text)));

    [Theory]
    [InlineData("::1", "{0,0,0,0,0,0,0,1}")]
    [InlineData("127.1", "{0,0,0,0,0,65535,32512,1}")]
    [InlineData("192.168.42.2", "{0,0,0,0,0,65535,49320,10754}")]
    [InlineData("::ffff:192.168.42.2", "{0,0,0,0,0,65535,49320,10754}")]
    public void Parse_ipv6_address_maps_ipv4(string text, string expected) => Assert.Equal(expected, Show(Inet.ParseIpv6Address(text)));

    [Theory]
    [InlineData("::1", "{0,0,0,0,0,0,0,1}")]
    [InlineData("::ffff:192.168.42.2", "{0,0,0,0,0,65535,49320,10754}")]
    [InlineData("fe80::1%eth0", "{65152,0,0,0,0,0,0,1}")]
    [InlineData("::1.2.3.4", "{0,0,0,0,0,0,258,772}")]
    [InlineData("1::", "{1,0,0,0,0,0,0,0}")]
    [InlineData("127.1", "error:einval")]
    [InlineData("192.168.42.2", "error:einval")]
    [InlineData("::ffff:1.2", "error:einval")]
    public void Parse_ipv6strict_address(string text, string expected) => Assert.Equal(expected, Show(Inet.ParseIpv6StrictAddress(text)));

    [Theory]
    [InlineData("192.168.42.2", 192, 168, 42, 2)]
    [InlineData("0.0.0.0", 0, 0, 0, 0)]
    [InlineData("255.255.255.255", 255, 255, 255, 255)]
    [InlineData("::", 0, 0, 0, 0, 0, 0, 0, 0)]
    [InlineData("::1", 0, 0, 0, 0, 0, 0, 0, 1)]
    [InlineData("::ffff:192.168.42.2", 0, 0, 0, 0, 0, 65535, 49320, 10754)]
    [InlineData("::192.168.42.2", 0, 0, 0, 0, 0, 0, 49320, 10754)]
    [InlineData("::0.0.0.2", 0, 0, 0, 0, 0, 0, 0, 2)]
    [InlineData("::0.1.0.0", 0, 0, 0, 0, 0, 0, 1, 0)]
    [InlineData("::0.255.255.255", 0, 0, 0, 0, 0, 0, 255, 65535)]
    [InlineData("::0.0.255.255", 0, 0, 0, 0, 0, 0, 0, 65535)]
    [InlineData("::0.1.0.1", 0, 0, 0, 0, 0, 0, 1, 1)]
    [InlineData("::ffff:0.0.0.0", 0, 0, 0, 0, 0, 65535, 0, 0)]
    [InlineData("::ffff:0:1:2", 0, 0, 0, 0, 65535, 0, 1, 2)]
    [InlineData("::1:1:1", 0, 0, 0, 0, 0, 1, 1, 1)]
    [InlineData("::fffe:1:1", 0, 0, 0, 0, 0, 65534, 1, 1)]
    [InlineData("2001:db8::1:0:0:1", 8193, 3512, 0, 0, 1, 0, 0, 1)]
    [InlineData("2001:db8::1", 8193, 3512, 0, 0, 0, 0, 0, 1)]
    [InlineData("fe80::1", 65152, 0, 0, 0, 0, 0, 0, 1)]
    [InlineData("1:0:0:1::1", 1, 0, 0, 1, 0, 0, 0, 1)]
    [InlineData("1:2:3:4:5:6:7:8", 1, 2, 3, 4, 5, 6, 7, 8)]
    [InlineData("1:0:2::3:0:0", 1, 0, 2, 0, 0, 3, 0, 0)]
    [InlineData("1:0:1:1:1:1:1:1", 1, 0, 1, 1, 1, 1, 1, 1)]
    [InlineData("::1:1:1:1:1:1", 0, 0, 1, 1, 1, 1, 1, 1)]
    [InlineData("1:1:1:1:1:1::", 1, 1, 1, 1, 1, 1, 0, 0)]
    [InlineData("::1:0:0:0:1", 0, 0, 0, 1, 0, 0, 0, 1)]
    [InlineData("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 65535, 65535, 65535, 65535, 65535, 65535, 65535, 65535)]
    public void Ntoa_writes_what_inet_writes(string expected, params int[] tuple)
    {
        Assert.Equal(expected, Inet.NToA(tuple).Value);
        Assert.Equal(expected, InetAddress.FromTuple(tuple).ToString());
    }

    [Theory]
    [InlineData(256, 1, 1, 1)]
    [InlineData(1, 2, 3, -1)]
    [InlineData(0, 0, 0, 0, 0, 0, 0, 65536)]
    [InlineData(1, 2, 3)]
    public void Ntoa_of_a_tuple_that_is_no_address_is_einval(params int[] tuple) => Assert.Equal(Posix.Einval, Inet.NToA(tuple).Error);

    [Fact]
    public void Addresses_of_both_families_carry_the_codec_types()
    {
        InetAddress v4 = Enet.Codecs.Ipv4Address.Parse("192.0.2.2");
        InetAddress v6 = Enet.Codecs.Ipv6Address.Parse("2001:db8::2");
        Assert.Equal((InetFamily.Inet, InetFamily.Inet6), (v4.Family, v6.Family));
        Assert.Equal("192.0.2.2", v4.Ipv4.ToString());
        Assert.Equal("2001:db8::2", v6.Ipv6.ToString());
        Assert.NotEqual(InetAddress.Any, InetAddress.Ipv6Any);
        Assert.Throws<InvalidOperationException>(() => v4.Ipv6);
    }

    [Fact]
    public void Ntoa_then_parse_address_gives_back_every_address()
    {
        var ipv4 = ArbMap.Default.GeneratorFor<uint>().Select(v => (InetAddress)new Enet.Codecs.Ipv4Address(v));
        var ipv6 = ArbMap.Default.GeneratorFor<ushort>().ArrayOf(8)
            .Select(g => InetAddress.FromTuple([.. g.Select(x => (int)x)]));
        // Zero-heavy IPv6 addresses exercise "::" placement and the dotted-quad forms.
        var sparse = Gen.Elements(0, 0, 0, 1, 0xFFFF, 0xC0A8).ArrayOf(8).Select(g => InetAddress.FromTuple(g));
        Prop.ForAll(Arb.From(Gen.OneOf(ipv4, ipv6, sparse)), address =>
        {
            var parsed = Inet.ParseAddress(Inet.NToA(address));
            return parsed.IsOk && parsed.Value == address;
        }).QuickCheckThrowOnFailure();
    }
}
