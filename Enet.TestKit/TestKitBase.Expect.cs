using System.Diagnostics;

namespace Enet.TestKit;

public abstract partial class TestKitBase
{
    public T ExpectMsg<T>(TimeSpan? timeout = null) => ExpectMsg<T>(null, timeout, null);

    public T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout = null) => ExpectMsg(predicate, timeout, "matching the predicate");

    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null) =>
        ExpectMsg<T>(m => Equals(m, expected), timeout, $"equal to [{expected}]");

    /// <summary>Asserts that nothing arrives for <paramref name="duration"/>.</summary>
    public void ExpectNoMsg(TimeSpan duration)
    {
        var watch = Stopwatch.StartNew();
        if (TryReceive(duration, out var received))
        {
            throw new TestKitAssertionException(
                $"Expected no message for {Ms(duration)} but got {Describe(received.Message)} from {received.Sender} after {Ms(watch.Elapsed)}");
        }
    }

    /// <summary>The next <paramref name="messages"/>.Length messages must be exactly these, in any order.</summary>
    public IReadOnlyList<T> ExpectMsgAllOf<T>(params T[] messages) => ExpectMsgAllOf((TimeSpan?)null, messages);

    public IReadOnlyList<T> ExpectMsgAllOf<T>(TimeSpan? timeout, params T[] messages)
    {
        var received = ReceiveN(messages.Length, timeout);
        var missing = messages.ToList();
        var unexpected = new List<object>();
        foreach (var message in received)
        {
            var index = missing.FindIndex(m => Equals(m, message));
            if (index >= 0)
            {
                missing.RemoveAt(index);
            }
            else
            {
                unexpected.Add(message);
            }
        }

        if (missing.Count > 0 || unexpected.Count > 0)
        {
            throw new TestKitAssertionException(
                $"Expected all of [{string.Join(", ", messages)}]; missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unexpected)}]");
        }

        return received.Cast<T>().ToList();
    }

    /// <summary>Receives exactly <paramref name="count"/> messages within the (shared) timeout.</summary>
    public IReadOnlyList<object> ReceiveN(int count, TimeSpan? timeout = null)
    {
        var limit = Resolve(timeout);
        var watch = Stopwatch.StartNew();
        var received = new List<object>(count);
        while (received.Count < count)
        {
            if (!TryReceive(limit - watch.Elapsed, out var next))
            {
                throw new TestKitAssertionException(
                    $"Expected {count} messages within {Ms(limit)} but received only {received.Count}: [{string.Join(", ", received)}]");
            }

            received.Add(next.Message);
        }

        return received;
    }

    /// <summary>The next message, or null if none arrives in time.</summary>
    public object? ReceiveOne(TimeSpan? timeout = null) => TryReceive(Resolve(timeout), out var received) ? received.Message : null;

    /// <summary>Skips messages until one satisfies <paramref name="isMessage"/> and returns it.</summary>
    public object FishForMessage(Predicate<object> isMessage, TimeSpan? timeout = null) => FishForMessage<object>(isMessage, timeout);

    public T FishForMessage<T>(Predicate<T> isMessage, TimeSpan? timeout = null)
    {
        var limit = Resolve(timeout);
        var watch = Stopwatch.StartNew();
        var skipped = new List<object>();
        while (TryReceive(limit - watch.Elapsed, out var received))
        {
            if (received.Message is T typed && isMessage(typed))
            {
                return typed;
            }

            skipped.Add(received.Message);
        }

        throw new TestKitAssertionException(
            $"No {typeof(T).Name} matching the predicate within {Ms(limit)}; skipped [{string.Join(", ", skipped)}]");
    }

    private T ExpectMsg<T>(Predicate<T>? predicate, TimeSpan? timeout, string? hint)
    {
        var limit = Resolve(timeout);
        var watch = Stopwatch.StartNew();
        var what = $"a message of type {typeof(T).Name}{(hint is null ? string.Empty : " " + hint)}";
        if (!TryReceive(limit, out var received))
        {
            throw new TestKitAssertionException($"Timeout ({Ms(limit)}) while waiting for {what}: no message arrived");
        }

        if (received.Message is not T typed || (predicate is not null && !predicate(typed)))
        {
            throw new TestKitAssertionException(
                $"Expected {what} but got {Describe(received.Message)} from {received.Sender} after {Ms(watch.Elapsed)}");
        }

        return typed;
    }
}
