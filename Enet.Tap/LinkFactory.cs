using Enet.Actors.Hosting;
using Akka.Actor;

namespace Enet.Tap;

/// <summary>
/// Opens the link an <see cref="InterfaceSettings"/> names (tap, wire, pcap) and makes the interface actor
/// over it. In-memory wires are shared by name, so two hosts configured with the same device name are
/// cabled together. <see cref="Wrap"/> puts middleware (a fault injector, a capture) around each link.
/// Disposing the factory closes every link it opened, also those whose interface never started reading
/// (a link reader otherwise owns and closes its link); links tolerate being disposed twice.
/// </summary>
public sealed class LinkFactory : IDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, InMemoryWire> wires = [];
    private readonly List<ILink> opened = [];

    public Func<InterfaceSettings, ILink, ILink>? Wrap { get; init; }

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
                OsIpv4Address = settings.OsIpv4?.Address,
                OsIpv4PrefixLength = settings.OsIpv4?.PrefixLength ?? 24,
                OsIpv6Address = settings.OsIpv6?.Address,
                OsIpv6PrefixLength = settings.OsIpv6?.PrefixLength ?? 64,
            }),
            "wire" => Wire(settings.Device ?? "wire").Attach(settings.Name),
            "pcap" => PcapReplayLink.OpenCaptureFile(settings.Path ?? throw new ArgumentException($"interface {settings.Name}: link = pcap needs a path")),
            var other => throw new ArgumentException($"interface {settings.Name}: unknown link \"{other}\"; known: tap, wire, pcap"),
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

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var link in opened)
                link.Dispose();
            foreach (var wire in wires.Values)
                wire.Dispose();
        }
    }
}
