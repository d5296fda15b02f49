using BenchmarkDotNet.Attributes;
using Enet.Codecs.Capture;
using Enet.Codecs.Frames;

namespace Enet.Benchmarks.Codecs;

/// <summary>The representation path (what dumps, JSON and crtest use): it allocates by design.</summary>
[MemoryDiagnoser]
public class FrameDecodeBenchmarks
{
    private readonly byte[] ipv4Tcp = SampleFrames.Ipv4Tcp.ToArray();

    [Benchmark]
    public Frame DecodeEthernetIpv4TcpRepresentation() => FrameDecoder.Decode(ipv4Tcp, LinkType.Ethernet);
}
