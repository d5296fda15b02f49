using Enet.Actors.Tcp;
using Xunit;

namespace Enet.Tests.Tcp;

/// <summary>The persist timer, keep-alive and delayed-ACK state the connection drives.</summary>
public sealed class TcpTimersTests
{
    [Fact]
    public void Persist_interval_doubles_per_probe_up_to_the_maximum_and_an_answer_clears_only_the_count()
    {
        var persist = new PersistTimer();
        var rto = TimeSpan.FromSeconds(1);
        var max = TimeSpan.FromSeconds(5);
        var intervals = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            intervals.Add(persist.Interval(rto, max).TotalSeconds);
            persist.Probed();
        }
        Assert.Equal([1, 2, 4, 5, 5], intervals);
        Assert.Equal(5, persist.Unanswered);
        persist.Answered();
        Assert.Equal((0, 5.0), (persist.Unanswered, persist.Interval(rto, max).TotalSeconds));
        persist.Reset();
        Assert.Equal(1.0, persist.Interval(rto, max).TotalSeconds);
    }

    [Fact]
    public void Keep_alive_waits_the_idle_time_then_probes_at_the_interval_and_expires_after_count_unanswered()
    {
        var keepAlive = new KeepAlive(TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(10), 2);
        var t = DateTimeOffset.UnixEpoch;
        keepAlive.Heard(t);
        Assert.Equal(new KeepAlive.Decision(KeepAlive.Action.Wait, TimeSpan.FromSeconds(60)), keepAlive.Tick(t + TimeSpan.FromSeconds(40)));
        Assert.Equal(new KeepAlive.Decision(KeepAlive.Action.Probe, TimeSpan.FromSeconds(10)), keepAlive.Tick(t + TimeSpan.FromSeconds(100)));
        // An answer starts the idle time again.
        keepAlive.Heard(t + TimeSpan.FromSeconds(105));
        Assert.Equal(KeepAlive.Action.Wait, keepAlive.Tick(t + TimeSpan.FromSeconds(110)).Action);
        Assert.Equal(KeepAlive.Action.Probe, keepAlive.Tick(t + TimeSpan.FromSeconds(205)).Action);
        Assert.Equal(KeepAlive.Action.Probe, keepAlive.Tick(t + TimeSpan.FromSeconds(215)).Action);
        Assert.Equal(KeepAlive.Action.Expire, keepAlive.Tick(t + TimeSpan.FromSeconds(225)).Action);
    }

    [Fact]
    public void Delayed_ack_is_due_at_the_second_segment_and_sending_clears_it()
    {
        var ack = new DelayedAck();
        Assert.False(ack.Received(1460, 1460));
        Assert.True(ack.Pending);
        Assert.True(ack.Received(100, 1460));
        ack.Sent();
        Assert.False(ack.Pending);
        Assert.False(ack.Received(1, 1460));
    }

    [Fact]
    public void Delayed_ack_is_due_at_once_for_a_segment_as_long_as_two_full_sized_ones()
    {
        var ack = new DelayedAck();
        Assert.False(ack.Received(2919, 1460));
        ack.Sent();
        Assert.True(ack.Received(2920, 1460));
        ack.Sent();
        Assert.True(ack.Received(64_240, 1460));
    }
}
