using Enet.Codecs;
using Enet.Codecs.Capture;
using Enet.Codecs.Frames;

namespace Enet.Fuzz;

/// <summary>
/// Seed inputs cut from the shared captures (tcpdump's test pcaps) and test vectors (Lightbend's HOCON files):
/// small, valid and varied, as a coverage-guided fuzzer wants them. A missing directory gives no seeds, not
/// an error: the code-built seeds of each target still stand.
/// </summary>
public sealed class SeedSource(string sharedData)
{
    /// <summary>Frames kept per shape (EtherType, protocol, ICMP type, TCP option kinds, UDP service port): the shortest ones.</summary>
    private const int PerShape = 2;
    private const int MaxFrame = 1514;
    private const int MaxCaptureFile = 4096;

    private readonly Lazy<IReadOnlyList<(byte[] Bytes, Frame Frame)>> _frames = new(() => LoadFrames(sharedData));

    public string SharedData => sharedData;

    private string Tcpdump => Path.Combine(sharedData, "tcpdump-tests");

    /// <summary>Ethernet frames of every shape the captures hold.</summary>
    public IEnumerable<byte[]> EthernetFrames => _frames.Value.Select(f => f.Bytes);

    /// <summary>What follows the Ethernet header in the captured frames that <paramref name="has"/> picks.</summary>
    public IEnumerable<byte[]> AfterEthernet(Func<Frame, bool> has) => _frames.Value
        .Where(f => f.Frame.Ethernet is { } ethernet && f.Bytes.Length >= ethernet.Length && has(f.Frame))
        .Select(f => f.Bytes[f.Frame.Ethernet!.Length..]);

    /// <summary>The transport-layer bytes (header and payload, without IP or link trailer) of the captured
    /// frames whose transport layer <paramref name="has"/> says is there.</summary>
    public IEnumerable<byte[]> Transport(Func<Frame, bool> has)
    {
        foreach (var (bytes, frame) in _frames.Value)
        {
            if (frame.Error is not null || frame.Ethernet is not { } ethernet || !has(frame))
                continue;
            var at = ethernet.Length + (frame.Ipv4?.Length ?? frame.Ipv6?.Length ?? 0);
            var end = bytes.Length - frame.Trailer.Length;
            if (at <= end)
                yield return bytes[at..end];
        }
    }

    /// <summary>Whole small capture files of one format, as the readers take them.</summary>
    public IEnumerable<byte[]> CaptureFiles(string extension) => Files(Tcpdump, "*" + extension, MaxCaptureFile);

    /// <summary>Lightbend's HOCON test files (the config reader's own conformance vectors).</summary>
    public IEnumerable<byte[]> HoconFiles() =>
        Files(Path.Combine(sharedData, "hocon-lightbend", "resources"), "*.conf", 8192)
            .Concat(Files(Path.Combine(sharedData, "hocon-lightbend", "resources"), "*.json", 8192));

    private static IEnumerable<byte[]> Files(string directory, string pattern, int maxLength) =>
        !Directory.Exists(directory) ? []
            : Directory.EnumerateFiles(directory, pattern, SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
                .Where(path => new FileInfo(path).Length <= maxLength)
                .Select(File.ReadAllBytes);

    private static IReadOnlyList<(byte[], Frame)> LoadFrames(string sharedData)
    {
        var directory = Path.Combine(sharedData, "tcpdump-tests");
        if (!Directory.Exists(directory))
            return [];
        var byShape = new Dictionary<string, List<(byte[] Bytes, Frame Frame)>>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            using var reader = CaptureFile.Open(path);
            while (reader.TryReadNext(out var packet, out _))
            {
                if (packet.LinkType != LinkType.Ethernet || packet.Data.Length > MaxFrame)
                    continue;
                var bytes = packet.Data.ToArray();
                var frame = FrameDecoder.Decode(bytes);
                var kept = byShape.TryGetValue(Shape(frame), out var list) ? list : byShape[Shape(frame)] = [];
                kept.Add((bytes, frame));
                if (kept.Count > PerShape)
                    kept.Remove(kept.MaxBy(k => k.Bytes.Length));
            }
        }
        return [.. byShape.OrderBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => p.Value)];
    }

    private static string Shape(Frame frame) => string.Join('/',
        frame.Ethernet?.EtherType, frame.Ethernet?.Tags.Length, frame.Ipv4?.Protocol, frame.Ipv6?.UpperLayerProtocol,
        frame.Ipv6?.ExtensionHeaders.Length, frame.Icmpv4?.Type, frame.Icmpv6?.Type,
        frame.Tcp is { } tcp ? string.Concat(tcp.Options.Select(o => o.Kind + ",")) : null,
        frame.Udp is { } udp ? Math.Min(udp.SourcePort, udp.DestinationPort) : null, frame.Error?.Layer);
}
