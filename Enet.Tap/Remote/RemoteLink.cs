namespace Enet.Tap.Remote;

/// <summary>One interface's plug into a <see cref="RemoteSegment"/> (<c>link = remote</c>).</summary>
/// <remarks>Sending never waits for a peer: a frame is counted in <see cref="LinkCounters.SendDrops"/> when any
/// peer's queue had no room for it (that peer's <see cref="RemotePeer.Dropped"/> says which), and still reaches
/// the peers that had.</remarks>
internal sealed class RemoteLink(RemoteSegment segment, string name, int mtu, ReceiveQueue queue) : HubLink(name, mtu, queue)
{
    protected override int MaxFrameLength => Math.Min(base.MaxFrameLength, FrameBatch.MaxFrameLength);

    protected override bool Carry(ReadOnlySpan<byte> frame) => segment.Send(this, frame);

    protected override void Detach() => segment.Detach(this);

    public override string ToString() => $"remote {segment.Name} {Name}";
}
