namespace Enet.Remote.Etf;

/// <summary>A port identifier: NEW_PORT_EXT (32-bit id) or V4_PORT_EXT (64-bit id, OTP 24+).</summary>
public sealed class ErlPort(ErlAtom node, ulong id, uint creation) : Term
{
    public ErlAtom Node { get; } = node;

    public ulong Id { get; } = id;

    public uint Creation { get; } = creation;

    public override bool Equals(Term? other) =>
        other is ErlPort p && p.Node.Equals(Node) && p.Id == Id && p.Creation == Creation;

    public override int GetHashCode() => HashCode.Combine(Node, Id, Creation);

    public override string ToString() => $"#Port<{Node}.{Id}>";
}
