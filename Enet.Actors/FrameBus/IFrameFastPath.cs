namespace Enet.Actors.FrameBus;

/// <summary>
/// A subscriber's hook for taking a frame on the publisher's thread (the link reader's) instead of from its queue on its
/// own turn: the IPv4 layer hands an established TCP connection's segment straight to the connection, so it reaches the
/// socket's owner in two actor hops from the link. It must not block and must not keep the frame's bytes; a frame it
/// declines (false) is queued for the subscriber as if there were no hook. Observers see every frame either way. A frame
/// taken by a fast path and seen by no queue costs no <see cref="BusFrame"/>.
/// </summary>
public interface IFrameFastPath
{
    bool TryTake(FrameView frame);
}
