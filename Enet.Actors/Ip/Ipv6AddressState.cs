namespace Enet.Actors.Ip;

/// <summary>Where one of our addresses is in duplicate address detection (RFC 4862 5.4).</summary>
public enum Ipv6AddressState
{
    /// <summary>DAD under way: not used, and packets to it are not accepted (RFC 4862 5.4).</summary>
    Tentative,

    /// <summary>DAD passed (or is off): the address is ours.</summary>
    Preferred,

    /// <summary>Another node has it (RFC 4862 5.4.5): never used.</summary>
    Duplicated,
}
