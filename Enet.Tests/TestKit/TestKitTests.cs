using Enet.Runtime.Actor;
using Enet.Runtime.Event;
using Enet.TestKit;
using Xunit;

namespace Enet.Tests.TestKit;

using TestKit = Enet.TestKit.TestKit;

public sealed class TestKitTests : TestKit
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void ExpectMsg_returns_the_message_and_records_the_sender()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()), "echo");
        echo.Tell("hi", TestActor);
        Assert.Equal("hi", ExpectMsg<string>());
        Assert.Equal(echo, LastSender);
        Assert.Equal("hi", LastMessage);
    }

    [Fact]
    public void ExpectMsg_of_the_wrong_message_says_what_was_expected_and_what_arrived()
    {
        TestActor.Tell(42, ActorRefs.NoSender);
        var error = Assert.Throws<TestKitAssertionException>(() => ExpectMsg("hello"));
        Assert.Contains("equal to [hello]", error.Message);
        Assert.Contains("[42] of type Int32", error.Message);
        Assert.Contains(" ms", error.Message);
    }

    [Fact]
    public void ExpectMsg_times_out_with_the_timeout_in_the_message()
    {
        var error = Assert.Throws<TestKitAssertionException>(() => ExpectMsg<string>(Short));
        Assert.Contains("Timeout (100 ms)", error.Message);
        Assert.Contains("String", error.Message);
    }

    [Fact]
    public void ExpectMsg_with_a_predicate_rejects_a_non_matching_message()
    {
        TestActor.Tell(3, ActorRefs.NoSender);
        Assert.Throws<TestKitAssertionException>(() => ExpectMsg<int>(i => i > 5));
        TestActor.Tell(7, ActorRefs.NoSender);
        Assert.Equal(7, ExpectMsg<int>(i => i > 5));
    }

    [Fact]
    public void ExpectNoMsg_fails_when_something_arrives()
    {
        ExpectNoMsg(Short);
        TestActor.Tell("noise", ActorRefs.NoSender);
        // Long enough for a starved thread pool to deliver it; ExpectNoMsg fails as soon as it arrives.
        var error = Assert.Throws<TestKitAssertionException>(() => ExpectNoMsg(TimeSpan.FromSeconds(10)));
        Assert.Contains("noise", error.Message);
    }

    [Fact]
    public void ExpectMsgAllOf_accepts_any_order_and_reports_missing_ones()
    {
        TestActor.Tell("b", ActorRefs.NoSender);
        TestActor.Tell("a", ActorRefs.NoSender);
        ExpectMsgAllOf("a", "b");
        TestActor.Tell("a", ActorRefs.NoSender);
        TestActor.Tell("x", ActorRefs.NoSender);
        var error = Assert.Throws<TestKitAssertionException>(() => ExpectMsgAllOf("a", "b"));
        Assert.Contains("missing [b]", error.Message);
        Assert.Contains("unexpected [x]", error.Message);
    }

    [Fact]
    public void FishForMessage_skips_until_a_match_and_ReceiveN_takes_a_count()
    {
        foreach (var i in Enumerable.Range(1, 5))
        {
            TestActor.Tell(i, ActorRefs.NoSender);
        }

        Assert.Equal(3, FishForMessage<int>(i => i == 3));
        Assert.Equal([4, 5], ReceiveN(2).Cast<int>());
        Assert.Throws<TestKitAssertionException>(() => ReceiveN(1, Short));
    }

    [Fact]
    public void Within_fails_a_block_that_takes_too_long_and_bounds_the_expectations_inside()
    {
        Assert.Throws<TestKitAssertionException>(() => Within(TimeSpan.FromMilliseconds(50), () => Thread.Sleep(120)));
        Assert.Throws<TestKitAssertionException>(() => Within(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), () => { }));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Throws<TestKitAssertionException>(() => Within(Short, () => ExpectMsg<string>()));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void AwaitCondition_and_AwaitAssert_retry_until_true_or_time_is_up()
    {
        var start = DateTime.UtcNow;
        AwaitCondition(() => DateTime.UtcNow - start > TimeSpan.FromMilliseconds(30));
        AwaitAssert(() => Assert.True(DateTime.UtcNow - start > TimeSpan.FromMilliseconds(60)));
        Assert.Throws<TestKitAssertionException>(() => AwaitCondition(() => false, Short));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AwaitAssert(() => Assert.True(false), Short));
    }

    [Fact]
    public void A_probe_has_its_own_queue_and_can_reply()
    {
        var probe = CreateTestProbe();
        var echo = Sys.ActorOf(Props.Create(() => new Echo()), "echo");
        probe.Send(echo, "via probe");
        probe.ExpectMsg("via probe");
        ExpectNoMsg(Short);
        TestActor.Tell("question", probe.Ref);
        ExpectMsg("question");
        Assert.Equal(probe.Ref, LastSender);
        probe.Ref.Tell("to probe", TestActor);
        probe.ExpectMsg("to probe");
        probe.Reply("answer");
        ExpectMsg("answer");
    }

    [Fact]
    public void EventFilter_fails_when_the_count_differs()
    {
        var logger = Sys.ActorOf(Props.Create(() => new Warner()), "warner");
        EventFilter.Warning(contains: "watch out").Expect(2, () =>
        {
            logger.Tell("go");
            logger.Tell("go");
        });
        EventFilter.Leeway = TimeSpan.FromMilliseconds(200);
        var error = Assert.Throws<TestKitAssertionException>(() => EventFilter.Warning(contains: "watch out").Expect(2, () => logger.Tell("go")));
        Assert.Contains("Expected 2 Warning containing \"watch out\"", error.Message);
        Assert.Contains("received 1", error.Message);
    }

    [Fact]
    public void Advance_requires_virtual_time()
    {
        Assert.Throws<InvalidOperationException>(() => Advance(TimeSpan.FromSeconds(1)));
        using var virtualKit = new TestKit(useVirtualTime: true);
        var before = virtualKit.Sys.Scheduler.Now;
        virtualKit.Advance(TimeSpan.FromHours(1));
        Assert.Equal(before.AddHours(1), virtualKit.Sys.Scheduler.Now);
    }

    [Fact]
    public void Dispose_terminates_the_system()
    {
        var kit = new TestKit();
        kit.Dispose();
        Assert.True(kit.Sys.WhenTerminated.IsCompleted);
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m));
    }

    private sealed class Warner : ReceiveActor
    {
        public Warner()
        {
            var log = Context.GetLogger();
            ReceiveAny(_ => log.Warning("watch out"));
        }
    }
}
