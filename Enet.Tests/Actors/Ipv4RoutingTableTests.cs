using Enet.Actors.Ip;
using Enet.Codecs;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Enet.Tests.Actors;

public sealed class Ipv4RoutingTableTests
{
    private static readonly Ipv4Link Lan = new("eth0", [Ipv4Cidr.Parse("192.0.2.2/24")], 1500);
    private static readonly Ipv4Link Backbone = new("eth1", [Ipv4Cidr.Parse("10.0.0.2/8"), Ipv4Cidr.Parse("10.1.2.3/16")], 9000);

    private static Ipv4RoutingTable Table(Ipv4Address? gateway = null, params Ipv4StaticRoute[] routes) =>
        Ipv4RoutingTable.Create([Lan, Backbone], routes, gateway);

    [Fact]
    public void Connected_subnets_route_straight_to_the_destination_through_their_interface()
    {
        var route = Table().Lookup(new(192, 0, 2, 77))!;
        Assert.Equal(("eth0", (Ipv4Address?)null, new Ipv4Address(192, 0, 2, 2), 1500), (route.Interface, route.Gateway, route.Source, route.Mtu));
        Assert.Equal(new Ipv4Address(192, 0, 2, 77), route.NextHop(new(192, 0, 2, 77)));
    }

    [Fact]
    public void The_longest_matching_prefix_wins_and_picks_its_own_source_address()
    {
        var table = Table(routes: new Ipv4StaticRoute(Ipv4Cidr.Parse("10.1.2.0/24"), new(192, 0, 2, 254)));
        Assert.Equal(new Ipv4Address(10, 0, 0, 2), table.Lookup(new(10, 9, 9, 9))!.Source);
        Assert.Equal(new Ipv4Address(10, 1, 2, 3), table.Lookup(new(10, 1, 9, 9))!.Source);
        var most = table.Lookup(new(10, 1, 2, 9))!;
        Assert.Equal(("eth0", (Ipv4Address?)new Ipv4Address(192, 0, 2, 254)), (most.Interface, most.Gateway));
    }

    [Fact]
    public void The_gateway_takes_what_no_other_route_matches_through_the_interface_on_its_subnet()
    {
        var table = Table(new Ipv4Address(10, 0, 0, 1));
        var route = table.Lookup(new(198, 51, 100, 7))!;
        Assert.Equal(("eth1", (Ipv4Address?)new Ipv4Address(10, 0, 0, 1), 9000), (route.Interface, route.Gateway, route.Mtu));
        Assert.Equal(new Ipv4Address(10, 0, 0, 1), route.NextHop(new(198, 51, 100, 7)));
        Assert.Null(table.Lookup(new(192, 0, 2, 9))!.Gateway);
    }

    [Fact]
    public void Without_a_gateway_an_off_link_destination_has_no_route()
    {
        Assert.Null(Table().Lookup(new(198, 51, 100, 7)));
        Assert.Null(Ipv4RoutingTable.Empty.Lookup(new(192, 0, 2, 1)));
    }

    [Fact]
    public void A_route_mtu_caps_the_interface_mtu_and_never_raises_it()
    {
        var table = Table(routes: [
            new Ipv4StaticRoute(Ipv4Cidr.Parse("198.51.100.0/24"), new(10, 0, 0, 1)) { Mtu = 1280 },
            new Ipv4StaticRoute(Ipv4Cidr.Parse("203.0.113.0/24"), new(192, 0, 2, 1)) { Mtu = 9000 },
        ]);
        Assert.Equal(1280, table.Lookup(new(198, 51, 100, 1))!.Mtu);
        Assert.Equal(1500, table.Lookup(new(203, 0, 113, 1))!.Mtu);
    }

    [Fact]
    public void Equal_prefixes_keep_configuration_order()
    {
        var table = Table(routes: [
            new Ipv4StaticRoute(Ipv4Cidr.Parse("198.51.100.0/24"), new(10, 0, 0, 1)),
            new Ipv4StaticRoute(Ipv4Cidr.Parse("198.51.100.0/24"), new(192, 0, 2, 1)),
        ]);
        Assert.Equal("eth1", table.Lookup(new(198, 51, 100, 1))!.Interface);
    }

    [Fact]
    public void A_next_hop_on_no_subnet_is_a_configuration_error()
    {
        var error = Assert.Throws<ArgumentException>(() => Table(new Ipv4Address(172, 16, 0, 1)));
        Assert.Contains("172.16.0.1", error.Message);
        Assert.Throws<ArgumentException>(() => Table(routes: new Ipv4StaticRoute(Ipv4Cidr.Parse("198.51.100.0/24"), new(172, 16, 0, 1))));
    }

    [Fact]
    public void Local_addresses_and_subnet_broadcasts_cover_every_interface()
    {
        var table = Table();
        Assert.True(table.IsLocal(new(10, 1, 2, 3)));
        Assert.False(table.IsLocal(new(10, 1, 2, 4)));
        Assert.True(table.IsSubnetBroadcast(new(192, 0, 2, 255)));
        Assert.True(table.IsSubnetBroadcast(new(10, 255, 255, 255)));
        Assert.False(table.IsSubnetBroadcast(new(192, 0, 2, 254)));
    }

    [Fact]
    public void Lookup_picks_a_matching_route_of_the_longest_matching_prefix()
    {
        var cases =
            from destinations in Gen.ListOf(
                from address in ArbMap.Default.GeneratorFor<uint>()
                from prefix in Gen.Choose(0, 32)
                select new Ipv4Cidr(new Ipv4Address(address), prefix))
            from probe in ArbMap.Default.GeneratorFor<uint>()
            select (destinations, probe);
        Prop.ForAll(Arb.From(cases), c =>
        {
            var table = Table(routes: [.. c.destinations.Select(d => new Ipv4StaticRoute(d, new(192, 0, 2, 1)))]);
            var address = new Ipv4Address(c.probe);
            var matching = table.Routes.Where(r => r.Destination.Contains(address)).ToList();
            var found = table.Lookup(address);
            return matching.Count == 0
                ? found is null
                : found is not null && found.Destination.Contains(address) &&
                  found.Destination.PrefixLength == matching.Max(r => r.Destination.PrefixLength);
        }).QuickCheckThrowOnFailure();
    }
}
