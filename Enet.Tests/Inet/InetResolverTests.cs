using Enet.Actors.Inet;
using Enet.Configuration;
using Xunit;

namespace Enet.Tests.Inet;

/// <summary>getaddr, getaddrs, gethostbyname and gethostbyaddr over the enet.inet.hosts table.</summary>
public class InetResolverTests
{
    private static InetResolver Resolver(string hocon) => InetResolver.FromConfig(ConfigurationFactory.ParseString(hocon).WithFallback(ConfigurationFactory.Default()));

    private static readonly InetResolver Table = Resolver("""
        enet.inet.hosts {
          "h1.example" = ["192.0.2.2", "2001:db8::2", "192.0.2.3"]
          "H2.example" = ["192.0.2.2"]
        }
        """);

    [Fact]
    public async Task Gethostbyname_gives_the_addresses_of_the_family_asked()
    {
        Assert.Equal("{ok,{hostent,\"h1.example\",[],inet,4,[{192,0,2,2},{192,0,2,3}]}}", (await Table.GetHostByNameAsync("h1.example")).ToString());
        Assert.Equal("{ok,{hostent,\"h1.example\",[],inet6,16,[{8193,3512,0,0,0,0,0,2}]}}",
            (await Table.GetHostByNameAsync("H1.EXAMPLE", InetFamily.Inet6)).ToString());
    }

    [Fact]
    public async Task Getaddr_and_getaddrs_read_the_table_and_literals()
    {
        Assert.Equal("192.0.2.2", (await Table.GetAddrAsync("h1.example", InetFamily.Inet)).Value.ToString());
        Assert.Equal(2, (await Table.GetAddrsAsync("h1.example", InetFamily.Inet)).Value.Count);
        Assert.Equal("192.0.2.9", (await Table.GetAddrAsync("192.0.2.9", InetFamily.Inet)).Value.ToString());
        Assert.Equal("::1", (await Table.GetAddrAsync("::1", InetFamily.Inet6)).Value.ToString());
        // As inet:getaddr("::1", inet) and inet:getaddr("127.0.0.1", inet6): a literal of the other family is nxdomain.
        Assert.Equal(Posix.Nxdomain, (await Table.GetAddrAsync("::1", InetFamily.Inet)).Error);
        Assert.Equal(Posix.Nxdomain, (await Table.GetAddrAsync("127.0.0.1", InetFamily.Inet6)).Error);
        Assert.Equal(Posix.Nxdomain, (await Table.GetAddrAsync("no-such-host.invalid", InetFamily.Inet)).Error);
    }

    [Fact]
    public async Task Gethostbyaddr_names_the_first_host_and_the_others_as_aliases()
    {
        Assert.Equal("{ok,{hostent,\"h1.example\",[\"H2.example\"],inet,4,[{192,0,2,2}]}}", (await Table.GetHostByAddrAsync("192.0.2.2")).ToString());
        Assert.Equal(Posix.Nxdomain, (await Table.GetHostByAddrAsync("192.0.2.99")).Error);
        Assert.Equal(Posix.Einval, (await Table.GetHostByAddrAsync("not an address")).Error);
    }

    [Fact]
    public async Task Operating_system_resolver_is_asked_only_when_configured()
    {
        Assert.Equal(Posix.Nxdomain, (await Table.GetAddrAsync("localhost", InetFamily.Inet)).Error);
        var withOs = Resolver("enet.inet.os-resolver = true");
        Assert.Equal("127.0.0.1", (await withOs.GetAddrAsync("localhost", InetFamily.Inet)).Value.ToString());
    }

    [Fact]
    public void Hosts_entry_that_is_not_an_address_fails_naming_it()
    {
        var error = Assert.Throws<FormatException>(() => Resolver("enet.inet.hosts { \"bad.example\" = [\"300.1.1.1\"] }"));
        Assert.Contains("bad.example", error.Message);
    }

    [Fact]
    public void Reference_configuration_has_an_empty_table_and_no_os_resolver()
    {
        var config = ConfigurationFactory.Default();
        Assert.Empty(config.GetConfig("enet.inet.hosts").Root);
        Assert.False(config.GetBoolean("enet.inet.os-resolver"));
    }
}
