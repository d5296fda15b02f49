using Akka.Configuration.Hocon;
using Serilog.Events;

namespace Enet.Configuration;

/// <summary>
/// Hands Akka a configuration it never parses: the resolved tree of Enet's reader (reference.conf under the
/// user's file), with <c>enet.actor</c>, <c>enet.scheduler</c> and <c>enet.log</c> mapped onto the matching
/// <c>akka.*</c> keys. Akka's own parser mis-reads <c>${?VAR}</c> and loses the keys after it, so no HOCON text
/// crosses over; Akka's own reference settings stay the last fallback (ActorSystem.Create adds them).
/// </summary>
public static class AkkaConfig
{
    /// <summary>Akka's Serilog bridge: it writes through Serilog's static <c>Log.Logger</c>, with the actor path.</summary>
    public const string SerilogLogger = "Akka.Logger.Serilog.SerilogLogger, Akka.Logger.Serilog";

    private const string SerilogFormatter = "Akka.Logger.Serilog.SerilogLogMessageFormatter, Akka.Logger.Serilog";

    private const string LoggerDispatcher = "enet-logger-dispatcher";

    /// <summary><paramref name="config"/> over reference.conf as an Akka config. Keys the user set under
    /// <c>akka</c> win over the ones mapped from <c>enet</c>.</summary>
    public static Akka.Configuration.Config From(Config config)
    {
        var resolved = config.WithFallback(ConfigurationFactory.Default());
        var root = ToHocon(resolved.Root).GetObject();
        var mapped = MappedAkkaSettings(resolved).GetObject();
        if (root.Items.TryGetValue("akka", out var user) && user.IsObject())
            mapped.Merge(user.GetObject());
        root.Items["akka"] = Wrap(mapped);
        return new Akka.Configuration.Config(new HoconRoot(Wrap(root)));
    }

    /// <summary>The akka.* settings that enet.* governs (reference.conf says which key maps where).</summary>
    private static HoconValue MappedAkkaSettings(Config enet) => Object(
        ("loglevel", Literal(AkkaLogLevel(SerilogConfiguration.MinimumLevel(enet)))),
        // Akka's own stdout logger would print every event a second time, beside Serilog's sinks.
        ("stdout-loglevel", Literal("OFF")),
        ("loggers", Array(Literal(SerilogLogger))),
        ("logger-formatter", Literal(SerilogFormatter)),
        // The logger writes on the thread that logged (see CallingThreadDispatcherConfigurator): no event is lost
        // in its mailbox when the system terminates.
        ("loggers-dispatcher", Literal("akka.actor." + LoggerDispatcher)),
        ("actor", Object(
            (LoggerDispatcher, Object(("type", Literal(typeof(CallingThreadDispatcherConfigurator).AssemblyQualifiedName!)))),
            ("ask-timeout", Literal(Milliseconds(enet.GetDuration("enet.actor.ask-timeout")))),
            ("default-dispatcher", Object(
                ("throughput", Literal(enet.GetInt("enet.actor.throughput"))),
                ("executor", Literal(enet.GetString("enet.actor.executor"))))))),
        // net_ticktime as Akka.Remote's watch failure detector: heartbeats at ticktime/4 as Erlang ticks, and a node
        // silent for about a ticktime is down (net_tick_timeout).
        // The gate after a dropped association is how long connect_node waits after disconnect_node; erl connects again
        // at once, Akka's default (5 s) would hold it back that long.
        ("remote", Object(
            ("watch-failure-detector", Object(
                ("heartbeat-interval", Literal(Milliseconds(enet.GetDuration("enet.remote.net-ticktime") / 4))),
                ("acceptable-heartbeat-pause", Literal(Milliseconds(enet.GetDuration("enet.remote.net-ticktime")))))),
            ("retry-gate-closed-for", Literal("1s")),
            // enet.remote.tls: TLS on (AkkaTls supplies the certificate and its check); addresses become akka.ssl.tcp.
            ("dot-netty", Object(("tcp", Object(("enable-ssl", Literal(AkkaTls.Enabled(enet) ? "on" : "off")))))))),
        ("scheduler", Object(
            ("tick-duration", Literal(Milliseconds(enet.GetDuration("enet.scheduler.tick")))),
            ("ticks-per-wheel", Literal(enet.GetInt("enet.scheduler.wheel-size"))))));

    private static string AkkaLogLevel(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose or LogEventLevel.Debug => "DEBUG",
        LogEventLevel.Information => "INFO",
        LogEventLevel.Warning => "WARNING",
        _ => "ERROR",
    };

    private static string Milliseconds(TimeSpan span) => $"{span.TotalMilliseconds:0.###}ms";

    private static HoconValue ToHocon(ConfigValue value) => value switch
    {
        ConfigObject obj => Object(obj.Where(f => f.Value is not ConfigNull).Select(f => (f.Key, ToHocon(f.Value))).ToArray()),
        ConfigList list => Array(list.Select(ToHocon).ToArray()),
        ConfigString s => Literal(s.Value),
        _ => Literal(value.ToString()!),
    };

    private static HoconValue Object(params (string Key, HoconValue Value)[] fields)
    {
        var obj = new HoconObject();
        foreach (var (key, value) in fields)
            obj.Items[key] = value;
        return Wrap(obj);
    }

    private static HoconValue Array(params HoconValue[] items)
    {
        var array = new HoconArray();
        array.AddRange(items);
        return Wrap(array);
    }

    private static HoconValue Literal(object value) => Wrap(new HoconLiteral { Value = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)! });

    private static HoconValue Wrap(IHoconElement element)
    {
        var value = new HoconValue();
        value.AppendValue(element);
        return value;
    }
}
