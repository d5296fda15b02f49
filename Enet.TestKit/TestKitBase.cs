using System.Collections.Concurrent;
using System.Diagnostics;
using Enet.Runtime.Actor;
using Enet.Runtime.Scheduling;

namespace Enet.TestKit;

/// <summary>
/// The expectation API shared by <see cref="TestKit"/> and <see cref="TestProbe"/>: a test actor whose
/// messages the test thread consumes with ExpectMsg and friends. Waits are real time even under virtual time,
/// because actors still run on the thread pool.
/// </summary>
public abstract partial class TestKitBase
{
    private static long s_actorCounter;
    private readonly BlockingCollection<ReceivedMessage> _queue = [];
    private DateTime? _deadline;

    private protected TestKitBase(ActorSystem system, string actorName)
    {
        Sys = system;
        TestActor = system.ActorOf(Props.Create(() => new TestActor(_queue)), $"{actorName}{Interlocked.Increment(ref s_actorCounter)}");
        EventFilter = new EventFilterFactory(system);
    }

    public ActorSystem Sys { get; }

    /// <summary>The actor whose received messages the Expect methods consume.</summary>
    public IActorRef TestActor { get; }

    public IActorRef LastSender { get; private set; } = ActorRefs.NoSender;

    public object? LastMessage { get; private set; }

    /// <summary>Used when an expectation gives no timeout (outside a <c>Within</c> block).</summary>
    public TimeSpan SingleExpectDefault { get; set; } = TimeSpan.FromSeconds(3);

    public EventFilterFactory EventFilter { get; }

    /// <summary>Time left in the innermost <c>Within</c> block, else <see cref="SingleExpectDefault"/>.</summary>
    public TimeSpan RemainingOrDefault => _deadline is { } end ? Max(end - DateTime.UtcNow, TimeSpan.Zero) : SingleExpectDefault;

    /// <summary>Moves virtual time forward; due timers fire at once, in order.</summary>
    public void Advance(TimeSpan by) => VirtualScheduler.Advance(by);

    public VirtualScheduler VirtualScheduler =>
        Sys.Scheduler as VirtualScheduler
        ?? throw new InvalidOperationException("The system does not run on virtual time: construct the TestKit with useVirtualTime: true");

    /// <summary>Makes the test actor watch <paramref name="actor"/>, so <see cref="ExpectTerminated"/> can see it stop.</summary>
    public IActorRef Watch(IActorRef actor)
    {
        SendWatchRequest(actor, watch: true);
        return actor;
    }

    public IActorRef Unwatch(IActorRef actor)
    {
        SendWatchRequest(actor, watch: false);
        return actor;
    }

    public Terminated ExpectTerminated(IActorRef actor, TimeSpan? timeout = null) =>
        ExpectMsg<Terminated>(t => Equals(t.ActorRef, actor), timeout, $"Terminated of {actor}");

    /// <summary>The block must finish within <paramref name="max"/>; expectations inside share that deadline.</summary>
    public void Within(TimeSpan max, Action action) => Within(TimeSpan.Zero, max, action);

    public void Within(TimeSpan min, TimeSpan max, Action action) => Within<object?>(min, max, () =>
    {
        action();
        return null;
    });

    public T Within<T>(TimeSpan min, TimeSpan max, Func<T> function)
    {
        var outer = _deadline;
        var end = DateTime.UtcNow + max;
        _deadline = outer is { } o && o < end ? o : end;
        var watch = Stopwatch.StartNew();
        try
        {
            var result = function();
            var took = watch.Elapsed;
            if (took < min)
            {
                throw new TestKitAssertionException($"Block took {Ms(took)}, expected at least {Ms(min)}");
            }

            if (took > max)
            {
                throw new TestKitAssertionException($"Block took {Ms(took)}, expected at most {Ms(max)}");
            }

            return result;
        }
        finally
        {
            _deadline = outer;
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds.</summary>
    public void AwaitCondition(Func<bool> condition, TimeSpan? max = null, TimeSpan? interval = null, string? message = null)
    {
        var limit = Resolve(max);
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed >= limit)
            {
                throw new TestKitAssertionException($"Condition {message ?? "(unnamed)"} did not hold within {Ms(limit)}");
            }

            Thread.Sleep(interval ?? TimeSpan.FromMilliseconds(10));
        }
    }

    /// <summary>Retries <paramref name="assertion"/> until it stops throwing; after the deadline its last failure propagates.</summary>
    public void AwaitAssert(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        var limit = Resolve(duration);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception) when (watch.Elapsed < limit)
            {
                Thread.Sleep(interval ?? TimeSpan.FromMilliseconds(10));
            }
        }
    }

    private void SendWatchRequest(IActorRef actor, bool watch)
    {
        var request = new TestActor.WatchRequest(actor, watch);
        if (!TestActor.Ask<TestActor.WatchRequest>(request, Timeout.InfiniteTimeSpan).Wait(SingleExpectDefault))
        {
            throw new TestKitAssertionException($"The test actor did not confirm {(watch ? "watching" : "unwatching")} {actor} within {Ms(SingleExpectDefault)}");
        }
    }

    private TimeSpan Resolve(TimeSpan? timeout)
    {
        var remaining = RemainingOrDefault;
        return timeout is { } t && (_deadline is null || t < remaining) ? t : remaining;
    }

    private bool TryReceive(TimeSpan timeout, out ReceivedMessage received)
    {
        if (!_queue.TryTake(out received, Max(timeout, TimeSpan.Zero)))
        {
            return false;
        }

        LastMessage = received.Message;
        LastSender = received.Sender;
        return true;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string Ms(TimeSpan span) => $"{span.TotalMilliseconds:0} ms";

    private static string Describe(object message) => $"[{message}] of type {message.GetType().Name}";
}
