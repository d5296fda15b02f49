using Akka.Actor;
using Enet.Actors.Hosting;

namespace Enet.Tap.Remote;

/// <summary>
/// A virtual Ethernet segment shared by several nodes over Akka.Remote, as this node holds it: its local interfaces
/// (<see cref="RemoteLink"/>s), which hear each other as on a hub, and its <see cref="RemotePeer"/>s, every other node
/// that lists the segment (full mesh: a node forwards nothing it heard from a peer). Every frame a local interface
/// sends goes to each peer's queue; what a peer sends arrives at every local interface.
/// </summary>
public sealed class RemoteSegment : IDisposable
{
    private readonly Lock gate = new();
    private readonly IActorRef actor;
    private readonly int receiveCapacity;
    private RemoteLink[] links = [];
    private long foreignBatches;
    private long malformedBatches;
    private int disposed;

    private RemoteSegment(ActorSystem system, string name, IEnumerable<string> configured, IReadOnlyList<Address> peers, RemoteLinkSettings settings, int receiveCapacity)
    {
        Name = name;
        ConfiguredPeers = [.. configured];
        Settings = settings;
        this.receiveCapacity = receiveCapacity;
        Peers = [.. peers.Select(p => new RemotePeer(p, settings.SendQueue))];
        actor = system.ActorOf(SegmentActor.Props(this, settings), ActorName(name));
    }

    public string Name { get; }

    public RemoteLinkSettings Settings { get; }

    public IReadOnlyList<RemotePeer> Peers { get; }

    /// <summary>The peers as configured (this node's own address included, if listed).</summary>
    internal HashSet<string> ConfiguredPeers { get; }

    /// <summary>Batches that came from a node not among <see cref="Peers"/>, dropped.</summary>
    public long ForeignBatches => Volatile.Read(ref foreignBatches);

    /// <summary>Batches whose frame lengths ran past their end; the frames before the damage were delivered.</summary>
    public long MalformedBatches => Volatile.Read(ref malformedBatches);

    /// <summary>The name of the segment's actor under /user, the same on every node (peers look for it there): the
    /// segment name made safe for an actor path.</summary>
    public static string ActorName(string segment) => "enet-segment-" + Uri.EscapeDataString(segment);

    /// <summary>Joins segment <paramref name="name"/> on <paramref name="system"/>, which must run Akka.Remote.</summary>
    /// <exception cref="ArgumentException">The system has no remote address, or a peer is not an Akka address.</exception>
    public static RemoteSegment Start(ActorSystem system, string name, IEnumerable<string> peers, RemoteLinkSettings settings, int receiveCapacity = 1024)
    {
        var self = ((ExtendedActorSystem)system).Provider.DefaultAddress;
        if (!self.HasGlobalScope)
            throw new ArgumentException($"segment {name}: link = remote needs Akka.Remote: set akka.actor.provider = remote (and akka.remote.dot-netty.tcp.hostname, port)");
        // Every node may list the same peers: its own address among them is no peer.
        var addresses = peers.Select(p => ParsePeer(name, p)).Distinct().Where(a => !a.Equals(self)).ToList();
        return new RemoteSegment(system, name, peers, addresses, settings, receiveCapacity);
    }

    /// <summary>Plugs a new interface into the segment.</summary>
    public ILink Attach(string interfaceName, int mtu)
    {
        var link = new RemoteLink(this, interfaceName, mtu, new ReceiveQueue(receiveCapacity, new LinkCounters(), TimeProvider.System));
        lock (gate)
            links = [.. links, link];
        return link;
    }

    /// <summary>Stops the segment's actor (and so its peer senders) and closes every link still attached.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
            return;
        foreach (var link in Volatile.Read(ref links))
            link.Dispose();
        actor.Tell(PoisonPill.Instance, ActorRefs.NoSender);
        foreach (var peer in Peers)
            peer.Close();
    }

    /// <summary>A local interface sent <paramref name="frame"/>: the other local interfaces hear it, each peer gets it
    /// queued. False when some peer's queue was full.</summary>
    internal bool Send(RemoteLink from, ReadOnlySpan<byte> frame)
    {
        DeliverLocally(from, frame);
        var queued = true;
        foreach (var peer in Peers)
            queued &= peer.TryEnqueue(frame);
        return queued;
    }

    /// <summary>Every local interface but <paramref name="from"/> receives <paramref name="frame"/>.</summary>
    internal void DeliverLocally(RemoteLink? from, ReadOnlySpan<byte> frame)
    {
        // Copy-on-write array: the hot path takes no lock.
        foreach (var link in Volatile.Read(ref links))
            if (link != from)
                link.Deliver(frame);
    }

    internal void Detach(RemoteLink link)
    {
        lock (gate)
            links = [.. links.Where(l => l != link)];
    }

    internal void CountForeignBatch() => Interlocked.Increment(ref foreignBatches);

    internal void CountMalformedBatch() => Interlocked.Increment(ref malformedBatches);

    private static Address ParsePeer(string segment, string peer)
    {
        try
        {
            return Address.Parse(peer);
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or FormatException)
        {
            throw new ArgumentException($"segment {segment}: peer \"{peer}\" is not an Akka address such as akka.tcp://enet@127.0.0.1:25531", e);
        }
    }
}
