namespace Enet.Actors.Inet;

/// <summary>One entry of inet:getifaddrs/0: the interface name and its {flags, addr, netmask, broadaddr, hwaddr}
/// options in inet's order.</summary>
public sealed record InterfaceAddresses(string Name, IReadOnlyList<InetOption> Options)
{
    public override string ToString() => $"{{\"{Name}\",[{string.Join(',', Options)}]}}";
}
