using Enet.Runtime.Actor;
using Enet.Runtime.Event;
using Serilog.Events;

namespace Enet.Runtime.Configuration;

/// <summary>Reads the `enet { actor, scheduler, log }` sections into <see cref="ActorSystemSettings"/>, with the
/// built-in reference.conf as the fallback for every key the user did not set.</summary>
public static class ActorSystemConfig
{
    public static ActorSystemSettings ToSettings(Config config)
    {
        var resolved = config.WithFallback(ConfigurationFactory.Default());
        return new ActorSystemSettings
        {
            Throughput = resolved.GetInt("enet.actor.throughput"),
            AskTimeout = resolved.GetDuration("enet.actor.ask-timeout"),
            TickResolution = resolved.GetDuration("enet.scheduler.tick"),
            TicksPerWheel = resolved.GetInt("enet.scheduler.wheel-size"),
            LogLevel = SerilogConfiguration.MinimumLevel(resolved) switch
            {
                LogEventLevel.Verbose or LogEventLevel.Debug => LogLevel.DebugLevel,
                LogEventLevel.Information => LogLevel.InfoLevel,
                LogEventLevel.Warning => LogLevel.WarningLevel,
                _ => LogLevel.ErrorLevel,
            },
            Logger = SerilogConfiguration.CreateLogger(resolved),
        };
    }
}
