namespace Enet.Tap;

/// <summary>One plug of an <see cref="InMemoryWire"/>.</summary>
internal sealed class InMemoryWireEndpoint(InMemoryWire wire, string name, int mtu, ReceiveQueue queue) : HubLink(name, mtu, queue)
{
    protected override bool Carry(ReadOnlySpan<byte> frame)
    {
        wire.Carry(this, frame);
        return true;
    }

    protected override void Detach() => wire.Detach(this);

    public override string ToString() => $"wire {Name}";
}
