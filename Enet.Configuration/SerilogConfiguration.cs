using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Enet.Configuration;

/// <summary>Builds Enet's Serilog logger from <c>enet.log</c> (see reference.conf).</summary>
public static class SerilogConfiguration
{
    /// <summary>
    /// A logger at <c>enet.log.level</c> writing to each of <c>enet.log.sinks</c>: <c>console</c>,
    /// and <c>file</c> at <c>enet.log.file.path</c>. Dispose it to flush the file sink.
    /// </summary>
    public static Logger CreateLogger(Config config)
    {
        var logger = new LoggerConfiguration().MinimumLevel.Is(MinimumLevel(config));
        var sinks = config.GetStringList("enet.log.sinks");
        for (var i = 0; i < sinks.Count; i++)
        {
            switch (sinks[i])
            {
                case "console":
                    logger.WriteTo.Console();
                    break;
                case "file":
                    logger.WriteTo.File(config.GetString("enet.log.file.path"));
                    break;
                default:
                    var item = ((ConfigList)config.GetValue("enet.log.sinks"))[i];
                    throw new ConfigException(item.Origin, $"'enet.log.sinks' names an unknown sink \"{sinks[i]}\" (known: console, file)");
            }
        }

        return logger.CreateLogger();
    }

    /// <summary>
    /// <c>enet.log.level</c> as a Serilog level. The names follow Serilog's own (verbose, debug,
    /// information, warning, error, fatal), with the usual short forms info and warn.
    /// </summary>
    public static LogEventLevel MinimumLevel(Config config)
    {
        var text = config.GetString("enet.log.level");
        return text.Trim().ToLowerInvariant() switch
        {
            "verbose" or "trace" => LogEventLevel.Verbose,
            "debug" => LogEventLevel.Debug,
            "info" or "information" => LogEventLevel.Information,
            "warning" or "warn" => LogEventLevel.Warning,
            "error" => LogEventLevel.Error,
            "fatal" => LogEventLevel.Fatal,
            _ => throw new ConfigException(config.GetValue("enet.log.level").Origin,
                $"'enet.log.level' is \"{text}\", not one of verbose, debug, info, warning, error, fatal"),
        };
    }
}
