namespace Enet.Runtime.Event;

/// <summary>Logging for actors: Serilog message templates, the actor path attached as <c>ActorPath</c>.</summary>
public interface ILoggingAdapter
{
    bool IsEnabled(LogLevel level);

    void Debug(string template, params object?[] args);

    void Info(string template, params object?[] args);

    void Warning(string template, params object?[] args);

    void Warning(Exception? cause, string template, params object?[] args);

    void Error(string template, params object?[] args);

    void Error(Exception? cause, string template, params object?[] args);
}
