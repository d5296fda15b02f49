using BenchmarkDotNet.Attributes;
using Enet.Actors.Ip;
using Enet.Codecs;

namespace Enet.Benchmarks.Codecs;

/// <summary>
/// The IPv4 fragment paths: splitting an 8000-byte payload for a 1500-byte MTU (6 fragments, one buffer),
/// and reassembling a 3-fragment datagram (3000 bytes of payload, fragments in order and last-first).
/// </summary>
[MemoryDiagnoser]
public class Ipv4FragmentationBenchmarks
{
    private static readonly Ipv4Header Header = Ipv4Header.Create(new(192, 0, 2, 1), new(192, 0, 2, 2), IpProtocol.Udp, identification: 7);
    private readonly byte[] payload = new byte[8000];
    private readonly byte[] buffer = new byte[8200];
    private readonly int[] lengths = new int[8];
    private readonly byte[][] fragments = new byte[3][];
    private readonly Ipv4Reassembler reassembler = new(TimeSpan.FromSeconds(60));
    private readonly DateTimeOffset now = DateTimeOffset.UnixEpoch;

    [GlobalSetup]
    public void Setup()
    {
        Random.Shared.NextBytes(payload);
        var data = payload.AsSpan(0, 3000);
        var count = Ipv4Fragmentation.Emit(Header, data, 1500, buffer, lengths);
        var at = 0;
        for (var i = 0; i < count; i++)
        {
            fragments[i] = buffer[at..(at + lengths[i])];
            at += lengths[i];
        }
    }

    [Benchmark]
    public int Fragment8000BytesForMtu1500() => Ipv4Fragmentation.Emit(Header, payload, 1500, buffer, lengths);

    [Benchmark]
    public int Reassemble3FragmentsInOrder() => Reassemble(0, 1, 2);

    [Benchmark]
    public int Reassemble3FragmentsLastFirst() => Reassemble(2, 1, 0);

    private int Reassemble(int first, int second, int third)
    {
        Add(fragments[first]);
        Add(fragments[second]);
        return Add(fragments[third]).Length;
    }

    private ReadOnlyMemory<byte> Add(byte[] fragment)
    {
        Ipv4Packet.TryParse(fragment, out var packet, out _);
        reassembler.Add(packet, now, out var datagram);
        return datagram;
    }
}
