namespace Enet.Remote.Distribution;

/// <summary>Who the peer is once the handshake completed, and the flags both sides share.</summary>
public sealed record HandshakeResult(string PeerName, ulong PeerFlags, uint PeerCreation, ulong NegotiatedFlags)
{
    public bool PeerIsHidden => (PeerFlags & DistributionFlags.Published) == 0;
}
