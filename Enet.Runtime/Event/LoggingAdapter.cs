using Enet.Runtime.Actor;
using Serilog;
using Serilog.Events;

namespace Enet.Runtime.Event;

/// <summary>Writes through Serilog and publishes the same line on the event stream.</summary>
internal sealed class LoggingAdapter : ILoggingAdapter
{
    // Binds templates even when the target logger is silent, so the event stream always gets the text.
    private static readonly ILogger TemplateBinder = new LoggerConfiguration().CreateLogger();
    private readonly ActorSystem _system;
    private readonly string _source;
    private readonly Type _logClass;
    private readonly ILogger _logger;

    public LoggingAdapter(ActorSystem system, string source, Type logClass)
    {
        _system = system;
        _source = source;
        _logClass = logClass;
        _logger = system.Logger.ForContext("ActorPath", source);
    }

    public bool IsEnabled(LogLevel level) => level >= _system.Settings.LogLevel;

    public void Debug(string template, params object?[] args) => Write(LogLevel.DebugLevel, null, template, args);

    public void Info(string template, params object?[] args) => Write(LogLevel.InfoLevel, null, template, args);

    public void Warning(string template, params object?[] args) => Write(LogLevel.WarningLevel, null, template, args);

    public void Warning(Exception? cause, string template, params object?[] args) => Write(LogLevel.WarningLevel, cause, template, args);

    public void Error(string template, params object?[] args) => Write(LogLevel.ErrorLevel, null, template, args);

    public void Error(Exception? cause, string template, params object?[] args) => Write(LogLevel.ErrorLevel, cause, template, args);

    private void Write(LogLevel level, Exception? cause, string template, object?[] args)
    {
        if (!IsEnabled(level) || !TemplateBinder.BindMessageTemplate(template, args, out var parsed, out var properties))
        {
            return;
        }

        var bound = properties.ToList();
        _logger.Write(new Serilog.Events.LogEvent(DateTimeOffset.Now, ToSerilog(level), cause, parsed, bound));
        var message = parsed.Render(bound.ToDictionary(p => p.Name, p => p.Value));
        _system.EventStream.Publish(level switch
        {
            LogLevel.DebugLevel => new Debug(_source, _logClass, message, cause),
            LogLevel.InfoLevel => new Info(_source, _logClass, message, cause),
            LogLevel.WarningLevel => new Warning(_source, _logClass, message, cause),
            _ => new Error(_source, _logClass, message, cause),
        });
    }

    private static LogEventLevel ToSerilog(LogLevel level) => level switch
    {
        LogLevel.DebugLevel => LogEventLevel.Debug,
        LogLevel.InfoLevel => LogEventLevel.Information,
        LogLevel.WarningLevel => LogEventLevel.Warning,
        _ => LogEventLevel.Error,
    };
}
