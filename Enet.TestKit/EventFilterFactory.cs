using Enet.Runtime.Actor;
using Enet.Runtime.Event;

namespace Enet.TestKit;

/// <summary>Builds log-event expectations: <c>EventFilter.Error&lt;MyException&gt;().ExpectOne(() => ...)</c>.</summary>
public sealed class EventFilterFactory
{
    private readonly ActorSystem _system;

    internal EventFilterFactory(ActorSystem system)
    {
        _system = system;
    }

    /// <summary>How long Expect waits for the events after the block ran.</summary>
    public TimeSpan Leeway { get; set; } = TimeSpan.FromSeconds(3);

    public EventFilterApplier Error<TException>(string? contains = null, string? source = null)
        where TException : Exception =>
        Filter<Error>(e => e.Cause is TException, $"Error with {typeof(TException).Name}", null, null, contains, source);

    public EventFilterApplier Exception<TException>(string? contains = null, string? source = null)
        where TException : Exception => Error<TException>(contains, source);

    public EventFilterApplier Error(string? message = null, string? start = null, string? contains = null, string? source = null) =>
        Filter<Error>(_ => true, "Error", message, start, contains, source);

    public EventFilterApplier Warning(string? message = null, string? start = null, string? contains = null, string? source = null) =>
        Filter<Warning>(_ => true, "Warning", message, start, contains, source);

    public EventFilterApplier Info(string? message = null, string? start = null, string? contains = null, string? source = null) =>
        Filter<Info>(_ => true, "Info", message, start, contains, source);

    public EventFilterApplier Debug(string? message = null, string? start = null, string? contains = null, string? source = null) =>
        Filter<Debug>(_ => true, "Debug", message, start, contains, source);

    private EventFilterApplier Filter<TEvent>(Predicate<TEvent> extra, string kind, string? message, string? start, string? contains, string? source)
        where TEvent : LogEvent
    {
        var description = kind
            + (message is null ? string.Empty : $" message \"{message}\"")
            + (start is null ? string.Empty : $" starting \"{start}\"")
            + (contains is null ? string.Empty : $" containing \"{contains}\"")
            + (source is null ? string.Empty : $" from {source}");
        return new EventFilterApplier(
            _system,
            e => e is TEvent typed && extra(typed)
                && (message is null || e.Message == message)
                && (start is null || e.Message.StartsWith(start, StringComparison.Ordinal))
                && (contains is null || e.Message.Contains(contains, StringComparison.Ordinal))
                && (source is null || e.LogSource == source),
            description,
            Leeway);
    }
}
