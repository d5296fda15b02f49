using Enet.Actors.Interface;

namespace Enet.Tap;

/// <summary>Lets an <see cref="EthInterface"/> send on any <see cref="ILink"/>.</summary>
public sealed class LinkFrameSender(ILink link) : IFrameSender
{
    public bool TrySend(ReadOnlySpan<byte> frame) => link.TrySend(frame);
}
