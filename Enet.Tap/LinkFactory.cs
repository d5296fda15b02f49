using Enet.Actors.Hosting;
using Akka.Actor;
using Enet.Tap.Remote;

namespace Enet.Tap;

/// <summary>
/// Opens the link an <see cref="InterfaceSettings"/> names (tap, wire, pcap, remote) and makes the interface actor
/// over it. In-memory wires are shared by name, so two hosts configured with the same device name are
/// cabled together; so are remote segments, whose peers on other nodes need <see cref="System"/> to run Akka.Remote. <see cref="Wrap"/> puts middleware (a fault injector, a capture) around each link.
/// Disposing the factory closes every link it opened, also those whose interface never started reading
/// (a link reader otherwise owns and closes its link); links tolerate being disposed twice.
/// </summary>
public sealed class LinkFactory : IDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, InMemoryWire> wires = [];
    private readonly Dictionary<string, RemoteSegment> segments = [];
    private readonly List<ILink> opened = [];

    public Func<InterfaceSettings, ILink, ILink>? Wrap { get; init; }

    /// <summary>The actor system remote segments run their actors in (link = remote); null allows no remote link.</summary>
    public ActorSystem? System { get; init; }

    public ILink Open(InterfaceSettings settings)
    {
        var link = settings.Link switch
        {
            "tap" => TapDevice.Open(new TapDeviceOptions
            {
                Name = settings.Device ?? "enet%d",
                Namespace = settings.Namespace,
                Mtu = settings.Mtu,
                BatchWrites = settings.BatchWrites,
                Offload = settings.Offload,
                BusyPoll = settings.BusyPoll,
                OsIpv4Address = settings.OsIpv4?.Address,
                OsIpv4PrefixLength = settings.OsIpv4?.PrefixLength ?? 24,
                OsIpv6Address = settings.OsIpv6?.Address,
                OsIpv6PrefixLength = settings.OsIpv6?.PrefixLength ?? 64,
            }),
            "wire" => Wire(settings.Device ?? "wire").Attach(settings.Name),
            "pcap" => PcapReplayLink.OpenCaptureFile(settings.Path ?? throw new ArgumentException($"interface {settings.Name}: link = pcap needs a path")),
            "remote" => Segment(settings).Attach(settings.Name, settings.Mtu),
            var other => throw new ArgumentException($"interface {settings.Name}: unknown link \"{other}\"; known: tap, wire, pcap, remote"),
        };
        link = Wrap?.Invoke(settings, link) ?? link;
        lock (gate)
            opened.Add(link);
        return link;
    }

    /// <summary>Opens the link and returns the props of an interface with its reader over it.</summary>
    public Props InterfaceProps(InterfaceSettings settings, int subscriberQueue) =>
        LinkReader.InterfaceProps(Open(settings), settings.ToEthInterfaceSettings(subscriberQueue));

    /// <summary>The in-memory wire called <paramref name="name"/>, made on first use.</summary>
    public InMemoryWire Wire(string name)
    {
        lock (gate)
        {
            if (!wires.TryGetValue(name, out var wire))
                wires[name] = wire = new InMemoryWire();
            return wire;
        }
    }

    /// <summary>The remote segments joined so far, by name.</summary>
    public IReadOnlyDictionary<string, RemoteSegment> Segments
    {
        get
        {
            lock (gate)
                return new Dictionary<string, RemoteSegment>(segments);
        }
    }

    /// <summary>Waits until every remote segment has a peer up, as a NIC waits for carrier, or <paramref name="timeout"/>
    /// passes; true when they all have one (at once when no segment has peers).</summary>
    public async Task<bool> WaitForRemotePeersAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Segments.Values.Any(s => s.Peers.Count > 0 && !s.Peers.Any(p => p.IsUp)))
        {
            if (DateTime.UtcNow >= deadline)
                return false;
            await Task.Delay(20);
        }
        return true;
    }

    /// <summary>The segment an interface names, joined on first use; later interfaces on it must name the same peers.</summary>
    private RemoteSegment Segment(InterfaceSettings settings)
    {
        var name = settings.Segment ?? throw new ArgumentException($"interface {settings.Name}: link = remote needs a segment");
        if (System is null)
            throw new ArgumentException($"interface {settings.Name}: link = remote needs an actor system running Akka.Remote");
        lock (gate)
        {
            if (!segments.TryGetValue(name, out var segment))
                segments[name] = segment = RemoteSegment.Start(System, name, settings.Peers, settings.Remote);
            else if (!segment.ConfiguredPeers.SetEquals(settings.Peers))
                throw new ArgumentException($"interface {settings.Name}: segment {name} is already joined with other peers");
            return segment;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var link in opened)
                link.Dispose();
            foreach (var wire in wires.Values)
                wire.Dispose();
            foreach (var segment in segments.Values)
                segment.Dispose();
        }
    }
}
