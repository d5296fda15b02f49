using System.Threading.Channels;
using Enet.Tap;

namespace Enet.Host.Demo;

/// <summary>The outermost wrapper of a demo host's link: every frame the host sends is traced, and whether the
/// fault injector beneath lost it. Only the host's interface actor sends through it, one frame at a time, so
/// the injector's loss count read before and after a send says what happened to that frame.</summary>
internal sealed class TracedLink(string host, FaultInjector inner, WireTrace trace) : ILink
{
    public string Name => inner.Name;

    public int Mtu => inner.Mtu;

    public ChannelReader<LinkFrame> Received => inner.Received;

    public Task Completion => inner.Completion;

    public LinkCounters Counters => inner.Counters;

    public FaultInjector Faults => inner;

    public bool TrySend(ReadOnlySpan<byte> frame)
    {
        var lostBefore = inner.Lost + inner.RateLimited;
        var sent = inner.TrySend(frame);
        trace.Record(host, frame, inner.Lost + inner.RateLimited != lostBefore);
        return sent;
    }

    public void Dispose() => inner.Dispose();
}
