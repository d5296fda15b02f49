namespace Enet.Runtime.Event;

/// <summary>A log line as published on the event stream, so tests (EventFilter) and listeners can see it.</summary>
public abstract class LogEvent(string logSource, Type logClass, string message, Exception? cause)
{
    public DateTimeOffset Timestamp { get; } = DateTimeOffset.UtcNow;

    /// <summary>The actor path (or system) that logged.</summary>
    public string LogSource { get; } = logSource;

    public Type LogClass { get; } = logClass;

    /// <summary>The rendered message template.</summary>
    public string Message { get; } = message;

    public Exception? Cause { get; } = cause;

    public abstract LogLevel LogLevel();

    public override string ToString() =>
        $"[{LogLevel()}][{Timestamp:O}][{LogSource}] {Message}{(Cause is null ? string.Empty : Environment.NewLine + Cause)}";
}
