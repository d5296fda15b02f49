namespace Enet.Remote.Etf;

/// <summary>A reference, NEWER_REFERENCE_EXT: node, 32-bit creation, 1 to 5 id words (5 with V4_NC).</summary>
public sealed class ErlRef : Term
{
    public const int MaxIds = 5;

    public ErlRef(ErlAtom node, uint creation, uint[] ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Length is < 1 or > MaxIds)
            throw new ArgumentOutOfRangeException(nameof(ids), $"1..{MaxIds} id words");
        Node = node;
        Creation = creation;
        Ids = ids;
    }

    public ErlAtom Node { get; }

    public uint Creation { get; }

    public uint[] Ids { get; }

    public override bool Equals(Term? other) =>
        other is ErlRef r && r.Node.Equals(Node) && r.Creation == Creation && r.Ids.AsSpan().SequenceEqual(Ids);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Node);
        hash.Add(Creation);
        foreach (var id in Ids)
            hash.Add(id);
        return hash.ToHashCode();
    }

    public override string ToString() => $"#Ref<{Node}.{string.Join(".", Ids.Reverse())}>";
}
