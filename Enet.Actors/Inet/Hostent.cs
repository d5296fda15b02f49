namespace Enet.Actors.Inet;

/// <summary>inet's #hostent{} record: the official name, aliases, address family, address length in bytes (4 or
/// 16) and the addresses, printed as Erlang prints it.</summary>
public sealed record Hostent(string Name, IReadOnlyList<string> Aliases, InetFamily AddrType, IReadOnlyList<InetAddress> AddrList)
{
    public int Length => AddrType == InetFamily.Inet ? 4 : 16;

    public override string ToString() =>
        $"{{hostent,\"{Name}\",[{string.Join(',', Aliases.Select(a => $"\"{a}\""))}],{(AddrType == InetFamily.Inet ? "inet" : "inet6")},{Length}," +
        $"[{string.Join(',', AddrList.Select(a => a.ToTupleString()))}]}}";
}
