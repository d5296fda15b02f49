namespace Enet.Actors.Inet;

/// <summary>An address family as inet names it: <c>inet</c> (IPv4) or <c>inet6</c> (IPv6).</summary>
public enum InetFamily
{
    Inet,
    Inet6,
}
