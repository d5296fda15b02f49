namespace Enet.Actors.Inet;

/// <summary>One getstat entry, printed as Erlang does: {recv_cnt,3}.</summary>
public readonly record struct InetStatValue(InetStat Stat, long Value)
{
    public override string ToString() => $"{{{Inet.Atom(Stat)},{Value}}}";
}
