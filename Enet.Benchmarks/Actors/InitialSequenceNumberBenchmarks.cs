using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Enet.Actors.Tcp;
using Enet.Codecs;

namespace Enet.Benchmarks.Actors;

/// <summary>RFC 6528's ISN for one 4-tuple, run for every SYN answered and every connect: Enet's (SipHash-2-4) against
/// one HMAC-SHA-256 of the same tuple, the hash it used before.</summary>
[MemoryDiagnoser]
public class InitialSequenceNumberBenchmarks
{
    private readonly InitialSequenceNumbers isn = new(() => DateTimeOffset.UnixEpoch);
    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);
    private readonly ConnectionId id = new(new Ipv4Address(192, 0, 2, 1), 80, new Ipv4Address(192, 0, 2, 2), 40000);

    [Benchmark(Baseline = true)]
    public byte HmacSha256()
    {
        Span<byte> tuple = stackalloc byte[12];
        Span<byte> hash = stackalloc byte[32];
        tuple[0] = (byte)id.RemotePort;
        HMACSHA256.HashData(key, tuple, hash);
        return hash[0];
    }

    [Benchmark]
    public SequenceNumber SipHash24() => isn.Next(id);
}
