using Akka.Actor;
using Akka.Actor.Setup;
using Serilog;

namespace Enet.Configuration;

/// <summary>Starts an Akka actor system configured by Enet's HOCON (see <see cref="AkkaConfig"/>), logging through
/// Serilog as <c>enet.log</c> says.</summary>
public static class EnetActorSystem
{
    /// <summary>
    /// An actor system named <paramref name="name"/> from <paramref name="config"/> over reference.conf (the
    /// working directory's application.conf when null). Akka's Serilog bridge writes to the process-wide
    /// <c>Log.Logger</c>: when nothing has set one yet, the logger <c>enet.log</c> describes is installed, and it is
    /// flushed and removed when this system terminates, so the last lines before an exit are not lost.
    /// </summary>
    public static ActorSystem Create(string name, Config? config = null)
    {
        var resolved = ConfigurationFactory.WithReference(config);
        var installed = InstallLogger(resolved);
        var system = ActorSystem.Create(name, Setup(resolved));
        if (installed is not null)
            system.RegisterOnTermination(() => Uninstall(installed));
        return system;
    }

    /// <summary>A system whose actors log to <paramref name="logger"/> (a command's own console format, say) until it
    /// terminates; the caller keeps ownership of the logger and disposes it after the system has terminated.</summary>
    public static ActorSystem Create(string name, Config? config, Serilog.ILogger logger)
    {
        var previous = Log.Logger;
        Log.Logger = logger;
        var system = ActorSystem.Create(name, Setup(ConfigurationFactory.WithReference(config)));
        system.RegisterOnTermination(() =>
        {
            if (ReferenceEquals(Log.Logger, logger))
                Log.Logger = previous;
        });
        return system;
    }

    /// <summary>Akka's configuration, and the TLS setup when enet.remote.tls names a certificate (HOCON cannot carry
    /// its certificate check).</summary>
    private static ActorSystemSetup Setup(Config config)
    {
        var setup = ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(AkkaConfig.From(config)));
        return AkkaTls.Setups(config).Aggregate(setup, (all, tls) => all.And(tls));
    }

    private static Serilog.Core.Logger? InstallLogger(Config config)
    {
        if (!ReferenceEquals(Log.Logger, Serilog.Core.Logger.None))
            return null;
        var logger = SerilogConfiguration.CreateLogger(config);
        Log.Logger = logger;
        return logger;
    }

    private static void Uninstall(Serilog.Core.Logger logger)
    {
        if (ReferenceEquals(Log.Logger, logger))
            Log.Logger = Serilog.Core.Logger.None;
        logger.Dispose();
    }
}
