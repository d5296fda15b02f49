namespace Enet.Actors.Hosting;

/// <summary>
/// The bounds of a <c>link = remote</c> interface (enet.remote-link): what one peer may hold of this node's frames.
/// A peer that is slow or gone costs at most <see cref="SendQueue"/> frames queued plus
/// <see cref="BatchesInFlight"/> batches of <see cref="BatchBytes"/> unacknowledged in Akka.Remote.
/// </summary>
public sealed record RemoteLinkSettings
{
    public static RemoteLinkSettings Default { get; } = new();

    /// <summary>Frames queued for one peer; a frame beyond it is dropped and counted, as a full NIC ring drops.</summary>
    public int SendQueue { get; init; } = 1024;

    /// <summary>Largest batch of frames sent to a peer in one Akka.Remote message.</summary>
    public int BatchBytes { get; init; } = 64 * 1024;

    /// <summary>Batches sent to a peer and not yet acknowledged; more wait in the send queue.</summary>
    public int BatchesInFlight { get; init; } = 8;

    /// <summary>How often a peer that is down (never found, or its node went down) is looked for again.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(1);
}
