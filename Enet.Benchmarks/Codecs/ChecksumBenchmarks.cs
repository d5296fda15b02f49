using BenchmarkDotNet.Attributes;
using Enet.Codecs;

namespace Enet.Benchmarks.Codecs;

/// <summary>The Internet checksum over a full Ethernet MTU, as a ratio to copying the same bytes.</summary>
[MemoryDiagnoser]
public class ChecksumBenchmarks
{
    private readonly byte[] source = new byte[1500];
    private readonly byte[] destination = new byte[1500];

    [GlobalSetup]
    public void Fill() => new Random(1).NextBytes(source);

    [Benchmark(Baseline = true)]
    public void Copy1500() => source.AsSpan().CopyTo(destination);

    [Benchmark]
    public ushort Checksum1500() => InternetChecksum.Compute(source);
}
