namespace Enet.Actors.FrameBus;

/// <summary>Told to a subscriber when its queue goes from empty to not empty; the subscriber answers with
/// <see cref="FrameSubscription.Drain"/>. One signal covers many frames, so a burst costs one message.</summary>
public sealed record FramesReady(FrameSubscription Subscription);
