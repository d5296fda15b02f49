using Enet.Codecs;

namespace Enet.Actors.Ip;

/// <summary>RFC 6724 5, the rules that matter for one interface, shared by the IPv6 layer (a datagram sent from the
/// unspecified address) and TCP (whose 4-tuple needs the source before the first segment): a link-scope destination
/// gets our link-local address (rule 2, scope); otherwise an address whose prefix holds the destination (rule 8,
/// longest match), then any global one. The caller passes only preferred addresses (rule 3: never tentative or
/// duplicated).</summary>
public static class Ipv6SourceSelection
{
    public static Ipv6Address? Select(IReadOnlyList<Ipv6Cidr> preferred, Ipv6Address destination)
    {
        var linkScope = destination.IsLinkLocal || destination.IsMulticast && Ipv6Multicast.Scope(destination) <= 2;
        Ipv6Cidr? linkLocal = null, onPrefix = null, global = null;
        for (var i = 0; i < preferred.Count; i++)
        {
            var own = preferred[i];
            if (own.Address.IsLinkLocal)
                linkLocal ??= own;
            else if (own.Contains(destination))
                onPrefix ??= own;
            else
                global ??= own;
        }
        var chosen = linkScope ? linkLocal ?? onPrefix ?? global : onPrefix ?? global ?? linkLocal;
        return chosen?.Address;
    }
}
