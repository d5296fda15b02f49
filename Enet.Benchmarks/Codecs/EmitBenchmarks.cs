using BenchmarkDotNet.Attributes;

namespace Enet.Benchmarks.Codecs;

/// <summary>Emitting whole frames from representations into a caller's buffer, checksums computed.</summary>
[MemoryDiagnoser]
public class EmitBenchmarks
{
    private readonly byte[] buffer = new byte[2048];
    private readonly Enet.Codecs.Frames.Frame ipv4Tcp = SampleFrames.Ipv4Tcp;
    private readonly Enet.Codecs.Frames.Frame ipv6Udp = SampleFrames.Ipv6Udp;

    [Benchmark]
    public int EmitEthernetIpv4Tcp() => ipv4Tcp.Emit(buffer);

    [Benchmark]
    public int EmitEthernetIpv6Udp() => ipv6Udp.Emit(buffer);
}
