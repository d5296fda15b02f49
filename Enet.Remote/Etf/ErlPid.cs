namespace Enet.Remote.Etf;

/// <summary>A process identifier, NEW_PID_EXT: node, 32-bit id and serial (V4_NC), 32-bit creation.</summary>
public sealed class ErlPid(ErlAtom node, uint id, uint serial, uint creation) : Term
{
    public ErlAtom Node { get; } = node;

    public uint Id { get; } = id;

    public uint Serial { get; } = serial;

    public uint Creation { get; } = creation;

    public override bool Equals(Term? other) =>
        other is ErlPid p && p.Node.Equals(Node) && p.Id == Id && p.Serial == Serial && p.Creation == Creation;

    public override int GetHashCode() => HashCode.Combine(Node, Id, Serial, Creation);

    public override string ToString() => $"<{Node}.{Id}.{Serial}>";
}
