using Enet.Codecs.Capture;
using Enet.Tap;
using Xunit;

namespace Enet.Tests.Tap;

public class PcapReplayLinkTests
{
    private static IEnumerable<(long, ReadOnlyMemory<byte>)> Source(int count, long spacingNanoseconds = 1_000_000) =>
        Enumerable.Range(0, count).Select(i => (1_700_000_000_000_000_000L + i * spacingNanoseconds, (ReadOnlyMemory<byte>)Frames.Numbered(i)));

    [Fact]
    public async Task Replay_feeds_every_frame_in_order_and_completes()
    {
        using var link = new PcapReplayLink("replay", Source(5000), new PcapReplayOptions { ReceiveCapacity = 16 });
        var sequences = new List<int>();
        var timestamps = new List<long>();
        await foreach (var frame in link.Received.ReadAllAsync())
        {
            sequences.Add(Frames.SequenceOf(frame.Span));
            timestamps.Add(frame.TimestampNanoseconds);
            frame.Dispose();
        }
        await link.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(Enumerable.Range(0, 5000), sequences);
        Assert.Equal(1_700_000_000_000_000_000L + 4999 * 1_000_000L, timestamps[^1]);
        Assert.Equal(0, link.Counters.ReceiveDrops);
    }

    [Fact]
    public async Task Replaying_a_capture_file_delivers_its_frames_byte_for_byte()
    {
        var path = Path.Combine(Path.GetTempPath(), $"enet-replay-{Guid.NewGuid():n}.pcap");
        try
        {
            using (var writer = new PcapWriter(File.Create(path), LinkType.Ethernet))
                for (var i = 0; i < 100; i++)
                    writer.Write(1_000 + i, Frames.Numbered(i));
            using var link = PcapReplayLink.OpenCaptureFile(path);
            var received = new List<byte[]>();
            await foreach (var frame in link.Received.ReadAllAsync())
            {
                received.Add(frame.Span.ToArray());
                frame.Dispose();
            }
            await link.Completion.WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(Enumerable.Range(0, 100).Select(i => Frames.Numbered(i)), received);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Replaying_a_truncated_capture_faults_after_the_frames_before_the_damage()
    {
        var path = Path.Combine(Path.GetTempPath(), $"enet-replay-{Guid.NewGuid():n}.pcap");
        try
        {
            using (var writer = new PcapWriter(File.Create(path), LinkType.Ethernet))
                for (var i = 0; i < 3; i++)
                    writer.Write(1_000 + i, Frames.Numbered(i));
            using (var stream = File.OpenWrite(path))
                stream.SetLength(stream.Length - 5);
            using var link = PcapReplayLink.OpenCaptureFile(path);
            var count = 0;
            await foreach (var frame in link.Received.ReadAllAsync())
            {
                count++;
                frame.Dispose();
            }
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => link.Completion.WaitAsync(TimeSpan.FromSeconds(5)));
            Assert.Equal(2, count);
            Assert.Contains("truncated", failure.Message, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Paced_replay_waits_for_the_capture_timestamps()
    {
        var clock = new ManualTimeProvider();
        using var link = new PcapReplayLink("paced", Source(3, 1_000_000_000), new PcapReplayOptions { Paced = true, Time = clock });
        var first = await link.Received.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        first.Dispose();
        // Once the replay has armed a timer it waits for the clock: no frame can come before the clock moves.
        Assert.True(SpinWait.SpinUntil(() => clock.Armed > 0, TimeSpan.FromSeconds(5)));
        Assert.False(link.Received.TryRead(out _));
        for (var i = 0; i < 30 && !link.Completion.IsCompleted; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.True(SpinWait.SpinUntil(() => clock.Armed > 0 || link.Completion.IsCompleted, TimeSpan.FromSeconds(5)));
        }
        await link.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(3, link.Counters.FramesReceived);
    }

    [Fact]
    public async Task Replay_source_failure_faults_the_link()
    {
        static IEnumerable<(long, ReadOnlyMemory<byte>)> Broken()
        {
            yield return (0, Frames.Numbered(0));
            throw new InvalidDataException("truncated record");
        }
        using var link = new PcapReplayLink("broken", Broken());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => link.Completion.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Contains("replay broken", error.Message);
        Assert.Contains("truncated record", error.Message);
    }

    [Fact]
    public void Replay_counts_and_discards_sends()
    {
        using var link = new PcapReplayLink("replay", Source(0));
        Assert.True(link.TrySend(Frames.Numbered(1)));
        Assert.Equal(1, link.Counters.FramesSent);
    }
}
