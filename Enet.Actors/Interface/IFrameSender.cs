namespace Enet.Actors.Interface;

/// <summary>The link side of an interface, as the stack sees it: Enet.Tap adapts its links to this, so the
/// stack needs no reference to any link type.</summary>
public interface IFrameSender
{
    /// <summary>Sends one whole Ethernet frame; false when the link refused it. Copies before returning.</summary>
    bool TrySend(ReadOnlySpan<byte> frame);
}
