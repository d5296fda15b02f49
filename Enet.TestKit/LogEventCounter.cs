using Enet.Runtime.Actor;
using Enet.Runtime.Event;

namespace Enet.TestKit;

/// <summary>An event-stream subscriber that counts matching log events on the publishing thread, without a mailbox.</summary>
internal sealed class LogEventCounter(Predicate<LogEvent> matches, int expected) : IActorRef, IDisposable
{
    private readonly ManualResetEventSlim _reached = new(expected == 0);
    private int _count;

    public ActorPath Path { get; } = ActorPath.Root("testkit") / "eventFilter";

    public int Count => Volatile.Read(ref _count);

    public void Tell(object message, IActorRef sender)
    {
        if (message is LogEvent logEvent && matches(logEvent) && Interlocked.Increment(ref _count) >= expected)
        {
            _reached.Set();
        }
    }

    public bool WaitForExpected(TimeSpan timeout) => _reached.Wait(timeout);

    public void Dispose() => _reached.Dispose();
}
