using Enet.Tap;
using Xunit;

namespace Enet.Tests.Tap;

public class CaptureLinkTests
{
    [Fact]
    public async Task Capture_sees_every_frame_both_ways_and_passes_them_on()
    {
        using var wire = new InMemoryWire();
        var seen = new List<(LinkDirection, int)>();
        using var captured = new CaptureLink(wire.Attach("a"), (direction, _, frame) =>
        {
            lock (seen)
                seen.Add((direction, Frames.SequenceOf(frame)));
        });
        var peer = wire.Attach("b");
        captured.TrySend(Frames.Numbered(1));
        peer.TrySend(Frames.Numbered(2));
        var received = await captured.Received.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, Frames.SequenceOf(received.Span));
        received.Dispose();
        Assert.Equal([1], Frames.Drain(peer).Select(f => Frames.SequenceOf(f)));
        lock (seen)
            Assert.Equal([(LinkDirection.Sent, 1), (LinkDirection.Received, 2)], seen);
    }
}
