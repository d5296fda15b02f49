using System.Threading.Channels;
using Enet.Tap;

namespace Enet.TestKit;

/// <summary>A link whose received frames count in <see cref="Activity"/> while queued and while the reader that took
/// one has not come back for the next (it is still publishing it).</summary>
public sealed class TrackedLink : ILink
{
    private readonly ILink inner;
    private readonly Activity activity;
    private readonly TrackedReader reader;

    public TrackedLink(ILink inner, Activity activity)
    {
        this.inner = inner;
        this.activity = activity;
        reader = new TrackedReader(inner.Received, activity);
        activity.Add(reader);
    }

    public string Name => inner.Name;

    public int Mtu => inner.Mtu;

    public ChannelReader<LinkFrame> Received => reader;

    public Task Completion => inner.Completion;

    public LinkCounters Counters => inner.Counters;

    public bool TrySend(ReadOnlySpan<byte> frame) => inner.TrySend(frame);

    public void Dispose()
    {
        activity.Remove(reader);
        inner.Dispose();
    }

    public override string ToString() => inner.ToString() ?? Name;
}
