using Enet.Codecs;

namespace Enet.Actors.Ip;

/// <summary>
/// A host's routing table (RFC 1122 3.3.1): a connected route for the subnet of every interface address,
/// then the configured static routes and default gateways, each resolved to the interface whose subnet holds
/// its next hop. <see cref="Lookup"/> picks the longest matching prefix; among equal prefixes the first
/// entry wins, so connected routes beat configured ones and configuration order decides the rest.
/// Immutable: every IPv4 layer of the host shares one.
/// </summary>
public sealed class Ipv4RoutingTable
{
    private readonly Ipv4Route[] routes;
    private readonly Ipv4Cidr[] addresses;

    private Ipv4RoutingTable(Ipv4Route[] routes, Ipv4Cidr[] addresses)
    {
        this.routes = routes;
        this.addresses = addresses;
    }

    public static Ipv4RoutingTable Empty { get; } = new([], []);

    /// <summary>Most specific first.</summary>
    public IReadOnlyList<Ipv4Route> Routes => routes;

    /// <summary>Every address of every interface of the host.</summary>
    public IReadOnlyList<Ipv4Cidr> LocalAddresses => addresses;

    /// <summary>Builds the table; a route or gateway whose next hop is on no interface's subnet is a
    /// configuration error (RFC 1122 3.3.1.1: a gateway must be on a connected network).</summary>
    public static Ipv4RoutingTable Create(IReadOnlyList<Ipv4Link> links, IReadOnlyList<Ipv4StaticRoute>? staticRoutes = null,
        Ipv4Address? gateway = null)
    {
        var table = new List<Ipv4Route>();
        foreach (var link in links)
            foreach (var address in link.Addresses)
            {
                var subnet = new Ipv4Cidr(address.Network, address.PrefixLength);
                if (!table.Any(r => r.Destination == subnet && r.Interface == link.Interface))
                    table.Add(new Ipv4Route(subnet, null, link.Interface, address.Address, link.Mtu));
            }
        var connected = table.ToArray();
        Ipv4Route Via(Ipv4Cidr destination, Ipv4Address via, int? mtu, string what)
        {
            var onLink = connected.Where(r => r.Destination.Contains(via)).MaxBy(r => r.Destination.PrefixLength)
                ?? throw new ArgumentException($"{what}: next hop {via} is on no interface's subnet");
            return new Ipv4Route(destination, via, onLink.Interface, onLink.Source, Math.Min(mtu ?? onLink.Mtu, onLink.Mtu));
        }
        foreach (var route in staticRoutes ?? [])
            table.Add(Via(new Ipv4Cidr(route.Destination.Network, route.Destination.PrefixLength), route.Via, route.Mtu,
                $"route {route.Destination}"));
        var defaultRoute = new Ipv4Cidr(Ipv4Address.Any, 0);
        if (gateway is { } hostGateway)
            table.Add(Via(defaultRoute, hostGateway, null, "gateway"));
        foreach (var link in links)
            if (link.Gateway is { } linkGateway)
                table.Add(Via(defaultRoute, linkGateway, null, $"interface {link.Interface} gateway"));
        // OrderBy is stable: equal prefixes keep the order they were added in.
        return new Ipv4RoutingTable([.. table.OrderByDescending(r => r.Destination.PrefixLength)],
            [.. links.SelectMany(l => l.Addresses)]);
    }

    /// <summary>The route for <paramref name="destination"/> by longest prefix match; null when there is none.</summary>
    public Ipv4Route? Lookup(Ipv4Address destination)
    {
        foreach (var route in routes)
            if (route.Destination.Contains(destination))
                return route;
        return null;
    }

    /// <summary>One of the host's own unicast addresses.</summary>
    public bool IsLocal(Ipv4Address address)
    {
        foreach (var local in addresses)
            if (local.Address == address)
                return true;
        return false;
    }

    public bool IsBroadcastOrMulticast(Ipv4Address address) =>
        address == Ipv4Address.Broadcast || address.IsMulticast || IsSubnetBroadcast(address);

    /// <summary>RFC 1122 3.2.1.3: an address that names one host, so not 0.0.0.0 (which a host that does not know
    /// its address yet sends from, and which is accepted as a source), a broadcast, a multicast or a loopback address.</summary>
    public bool IsSingleHost(Ipv4Address address) =>
        address != Ipv4Address.Any && !IsBroadcastOrMulticast(address) && (address.Value >> 24) != 127;

    /// <summary>The directed broadcast address of one of the host's subnets (RFC 1122 3.2.1.3 (c)); /31 and /32
    /// subnets have none (RFC 3021).</summary>
    public bool IsSubnetBroadcast(Ipv4Address address)
    {
        foreach (var local in addresses)
            if (local.PrefixLength < 31 && local.Broadcast == address)
                return true;
        return false;
    }
}
