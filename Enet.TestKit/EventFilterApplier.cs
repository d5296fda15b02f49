using Enet.Runtime.Actor;
using Enet.Runtime.Event;

namespace Enet.TestKit;

/// <summary>Runs a block and asserts that it caused exactly the expected number of matching log events.</summary>
public sealed class EventFilterApplier
{
    private readonly ActorSystem _system;
    private readonly Predicate<LogEvent> _matches;
    private readonly string _description;
    private readonly TimeSpan _leeway;

    internal EventFilterApplier(ActorSystem system, Predicate<LogEvent> matches, string description, TimeSpan leeway)
    {
        _system = system;
        _matches = matches;
        _description = description;
        _leeway = leeway;
    }

    public void ExpectOne(Action action) => Expect(1, action);

    /// <summary>Waits up to the filter leeway after <paramref name="action"/> for the events to arrive.</summary>
    public void Expect(int expectedCount, Action action)
    {
        using var counter = new LogEventCounter(_matches, expectedCount);
        _system.EventStream.Subscribe(counter, typeof(LogEvent));
        try
        {
            action();
            counter.WaitForExpected(_leeway);
        }
        finally
        {
            _system.EventStream.Unsubscribe(counter);
        }

        if (counter.Count != expectedCount)
        {
            throw new TestKitAssertionException(
                $"Expected {expectedCount} {_description} log event(s) but received {counter.Count} (waited up to {_leeway.TotalMilliseconds} ms)");
        }
    }
}
