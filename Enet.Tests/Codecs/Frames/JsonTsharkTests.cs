using System.Globalization;
using System.Text.Json;
using Enet.Codecs.Capture;
using Enet.Codecs.Frames;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Codecs.Frames;

/// <summary>
/// `enet decode --json` against tshark, field by field: the numbers of every enumerated field (EtherType, ARP
/// op, IP protocol, ICMP and ICMPv6 type and code) and what an ICMP error quotes (inner addresses, protocol,
/// ports, TCP sequence number), on every Ethernet frame of the corpus and on generated ICMP errors.
/// </summary>
public class JsonTsharkTests(ITestOutputHelper output)
{
    private static readonly string[] Fields =
    [
        "eth.type", "arp.opcode", "ip.proto", "ip.ttl", "ip.src", "ip.dst", "ipv6.nxt", "ipv6.src", "ipv6.dst",
        "icmp.type", "icmp.code", "icmpv6.type", "icmpv6.code",
        "udp.srcport", "udp.dstport", "tcp.srcport", "tcp.dstport", "tcp.seq",
    ];

    /// <summary>Where the two decoders part by design.</summary>
    private static readonly Dictionary<string, string> KnownDifferences = new()
    {
        ["DTP.pcap"] = "Cisco ISL: tshark reports the encapsulated frame (see TsharkCrossCheckTests)",
    };

    [SkippableFact]
    public void Json_numbers_and_quotes_agree_with_tshark_on_the_corpus_and_generated_icmp_errors()
    {
        TestEnvironment.Require(Directory.Exists(TestEnvironment.TcpdumpCorpus), TestEnvironment.TcpdumpCorpus);
        var tshark = TestEnvironment.RequireTool("tshark", "apt-get install tshark");
        var frames = Generated().Concat(TsharkCrossCheckTests.EthernetFrames().Select(f => (f.File, f.Packet.Data.ToArray()))).ToList();
        var merged = Path.Combine(Path.GetTempPath(), $"enet-json-tshark-{Guid.NewGuid():n}.pcapng");
        try
        {
            using (var writer = new PcapngWriter(File.Create(merged)))
            {
                var ethernet = writer.AddInterface(LinkType.Ethernet, "corpus");
                foreach (var (_, data) in frames)
                    writer.Write(ethernet, 0, data, data.Length);
            }
            var result = ExternalProcess.Run(tshark, TsharkArguments(merged), TimeSpan.FromMinutes(5));
            Assert.True(result.ExitCode == 0, $"tshark failed: {result.Error}");
            var rows = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t')).ToArray();
            Assert.Equal(frames.Count, rows.Length);
            var disagreements = new List<string>();
            var compared = 0;
            var quotedCompared = 0;
            for (var i = 0; i < frames.Count; i++)
            {
                var (source, data) = frames[i];
                var json = JsonDocument.Parse(FrameJson.ToJson(FrameDecoder.Decode(data, LinkType.Ethernet))).RootElement;
                var row = Fields.Zip(rows[i]).ToDictionary(p => p.First, p => p.Second.Split(',', StringSplitOptions.RemoveEmptyEntries));
                foreach (var (field, ours, theirs) in Compare(json, row))
                {
                    compared++;
                    if (field.StartsWith("quoted "))
                        quotedCompared++;
                    if (ours != theirs && !KnownDifferences.ContainsKey(source.Split('#')[0]))
                        disagreements.Add($"{source}: {field}: enet '{ours}' tshark '{theirs}'");
                }
            }
            output.WriteLine($"{frames.Count} frames, {compared} fields compared ({quotedCompared} in quotes), {disagreements.Count} disagreements");
            foreach (var line in disagreements.Take(50))
                output.WriteLine(line);
            Assert.True(quotedCompared >= 20, $"only {quotedCompared} quoted fields compared");
            Assert.True(disagreements.Count == 0, $"{disagreements.Count} disagreements with tshark, first:\n{string.Join("\n", disagreements.Take(20))}");
        }
        finally
        {
            File.Delete(merged);
        }
    }

    private static IEnumerable<(string, byte[])> Generated() =>
    [
        ("generated#port-unreachable", IcmpErrorFrames.PortUnreachable()),
        ("generated#time-exceeded", IcmpErrorFrames.TimeExceeded()),
        ("generated#port6-unreachable", IcmpErrorFrames.Port6Unreachable()),
        ("generated#time6-exceeded", IcmpErrorFrames.Time6Exceeded()),
        ("generated#short-quote", IcmpErrorFrames.ShortQuote()),
    ];

    private static IEnumerable<string> TsharkArguments(string file) =>
    [
        "-r", file, "-n", "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE", "-o", "tcp.desegment_tcp_streams:FALSE",
        "-o", "tcp.relative_sequence_numbers:FALSE",
        "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,",
        .. Fields.SelectMany(f => new[] { "-e", f }),
    ];

    /// <summary>The JSON's claims with tshark's value for the same field: the first occurrence for the frame's own
    /// layers, the second (the inner header) or the only one for what an ICMP error quotes.</summary>
    private static IEnumerable<(string Field, string Ours, string Theirs)> Compare(JsonElement json, Dictionary<string, string[]> row)
    {
        string Theirs(string field, int occurrence) =>
            row.GetValueOrDefault(field, []) is var values && occurrence < values.Length ? Number(values[occurrence]) : "";
        string Last(string field) => row.GetValueOrDefault(field, []) is [.., var last] ? Number(last) : "";
        IEnumerable<(string, string, string)> Pairs(string prefix, JsonElement layer, params (string Ours, string Field, int Occurrence)[] pairs)
        {
            foreach (var (ours, field, occurrence) in pairs)
                if (layer.TryGetProperty(ours, out var value) && Theirs(field, occurrence) is var theirs && theirs != "")
                    yield return ($"{prefix}{field}", value.ToString(), theirs);
        }

        if (json.TryGetProperty("ethernet", out var ethernet) && ethernet.GetProperty("tags").GetArrayLength() == 0)
            foreach (var pair in Pairs("", ethernet, ("etherType", "eth.type", 0))) yield return pair;
        if (json.TryGetProperty("arp", out var arp))
            foreach (var pair in Pairs("", arp, ("operation", "arp.opcode", 0))) yield return pair;
        if (json.TryGetProperty("ipv4", out var ipv4))
            foreach (var pair in Pairs("", ipv4, ("protocol", "ip.proto", 0), ("ttl", "ip.ttl", 0))) yield return pair;
        if (json.TryGetProperty("ipv6", out var ipv6))
            foreach (var pair in Pairs("", ipv6, ("nextHeader", "ipv6.nxt", 0))) yield return pair;
        foreach (var (name, field) in new[] { ("icmpv4", "icmp"), ("icmpv6", "icmpv6") })
        {
            if (!json.TryGetProperty(name, out var icmp))
                continue;
            foreach (var pair in Pairs("", icmp, ("type", $"{field}.type", 0), ("code", $"{field}.code", 0))) yield return pair;
            if (!icmp.TryGetProperty("quoted", out var quoted))
                continue;
            if (quoted.TryGetProperty("ipv4", out var inner4))
                foreach (var pair in Pairs("quoted ", inner4, ("source", "ip.src", 1), ("destination", "ip.dst", 1), ("protocol", "ip.proto", 1), ("ttl", "ip.ttl", 1)))
                    yield return pair;
            if (quoted.TryGetProperty("ipv6", out var inner6))
                foreach (var pair in Pairs("quoted ", inner6, ("source", "ipv6.src", 1), ("destination", "ipv6.dst", 1), ("nextHeader", "ipv6.nxt", 1)))
                    yield return pair;
            foreach (var transport in new[] { "udp", "tcp" })
                if (quoted.TryGetProperty(transport, out var header))
                {
                    yield return ($"quoted {transport}.srcport", header.GetProperty("sourcePort").ToString(), Last($"{transport}.srcport"));
                    yield return ($"quoted {transport}.dstport", header.GetProperty("destinationPort").ToString(), Last($"{transport}.dstport"));
                    if (transport == "tcp")
                        yield return ("quoted tcp.seq_raw", header.GetProperty("sequenceNumber").ToString(), Last("tcp.seq"));
                }
        }
    }

    /// <summary>tshark prints EtherTypes in hex (0x0800); the JSON has plain numbers.</summary>
    private static string Number(string value) =>
        value.StartsWith("0x") ? ulong.Parse(value[2..], NumberStyles.HexNumber).ToString() : value;
}
