using Enet.Actors.Icmp;

namespace Enet.Host.Demo;

/// <summary>What a <see cref="DemoScenario"/> run did: the frames that crossed the wire, those it lost, every
/// ping's result, how many UDP datagrams and TCP connections came back from the echo services, and what did not work (empty when every step
/// succeeded).</summary>
public sealed record DemoSummary(long Frames, long Lost, IReadOnlyList<Icmp.PingResult> Pings, int UdpEchoes, int TcpEchoes,
    IReadOnlyList<string> Failures)
{
    public bool Succeeded => Failures.Count == 0;
}
