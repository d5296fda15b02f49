using Enet.Configuration;
using System.CommandLine;
using Enet.Actors.Hosting;
using Akka.Actor;
using Enet.Tap;
using Enet.Host.Status;
using Serilog;
using Serilog.Events;
using Spectre.Console;

namespace Enet.Host.Commands;

/// <summary>
/// <c>enet run --config FILE [--status auto|table|plain|none] [--status-interval S]</c>: starts every host under
/// enet.hosts and runs until Ctrl-C, showing each interface's counters (a live table on a terminal, or a log line
/// every S seconds), then prints the final counters, stops the actors and closes the links. Exit codes: 0 after a clean shutdown, 1 when a link cannot be opened (one line
/// saying so; a TAP device without root says that it needs root), 2 for a configuration error (a missing file,
/// or file:line:column and the reason).
/// </summary>
public static class RunCommand
{
    public const int LinkError = 1;
    public const int ConfigError = 2;

    public static Command Create()
    {
        var config = new Option<FileInfo>("--config") { Description = "Configuration file with enet.hosts", Required = true };
        var status = new Option<StatusMode>("--status")
        {
            Description = "what to show while running: a live table (auto: when stdout is a terminal and no host dumps frames), plain log lines, or none",
            DefaultValueFactory = _ => StatusMode.Auto,
        };
        var interval = new Option<double>("--status-interval") { Description = "seconds between --status plain lines", DefaultValueFactory = _ => 10 };
        var command = new Command("run", "Run the hosts a configuration file describes until Ctrl-C");
        command.Options.Add(config);
        command.Options.Add(status);
        command.Options.Add(interval);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            if (parseResult.GetValue(interval) is not (>= 0.1 and <= 86400))
            {
                error.WriteLine("enet run: --status-interval must be between 0.1 and 86400 seconds");
                return ConfigError;
            }
            return HostConfigFile.TryRead(parseResult.GetValue(config), "run", error, out var hosts, out var file)
                ? await RunAsync(hosts, error, cancellationToken, parseResult.GetValue(status), TimeSpan.FromSeconds(parseResult.GetValue(interval)), file)
                : ConfigError;
        });
        return command;
    }

    /// <summary>Runs <paramref name="hosts"/> until <paramref name="stop"/> is cancelled, logging to the console;
    /// failures to start are one line on <paramref name="error"/>. The actor system, named enet, takes its akka.* keys
    /// from <paramref name="config"/> (akka.actor.provider = remote for link = remote).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<HostSettings> hosts, TextWriter error, CancellationToken stop,
        StatusMode status = StatusMode.None, TimeSpan? statusInterval = null, Config? config = null)
    {
        if (hosts.Count == 0)
        {
            error.WriteLine("enet run: the configuration has no hosts under enet.hosts");
            return ConfigError;
        }
        if (status == StatusMode.Auto)
            status = !Console.IsOutputRedirected && !hosts.Any(h => h.Services.Contains("dump")) ? StatusMode.Table : StatusMode.None;
        // Under the live table, info lines would scroll it away: only warnings and errors are written, to stderr.
        using var logger = new LoggerConfiguration().MinimumLevel.Is(status == StatusMode.Table ? LogEventLevel.Warning : LogEventLevel.Information)
            .WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss.fff} {Message:lj}{NewLine}{Exception}",
                standardErrorFromLevel: status == StatusMode.Table ? LogEventLevel.Verbose : null).CreateLogger();
        var system = EnetActorSystem.Create("enet", config, logger);
        using var links = new LinkFactory { System = system };
        try
        {
            var started = await HostStartup.StartAsync(system, links, hosts);
            foreach (var running in started)
                foreach (var stack in running.Interfaces.Values)
                    logger.Information("{Host}: {Interface} up ({Link} {Device}), {Mac} {Addresses}, services {Services}",
                        running.Settings.Name, stack.Settings.Name, stack.Settings.Link, stack.Settings.Device ?? stack.Settings.Path ?? stack.Settings.Segment,
                        stack.Settings.Mac, string.Join(' ', stack.Settings.Ipv4), string.Join(',', running.Settings.Services));
            await ShowStatusAsync(status, started, logger, statusInterval ?? TimeSpan.FromSeconds(10), stop);
            logger.Information("stopping");
            return 0;
        }
        catch (Exception e) when (HostStartup.TryExplain(e, "run", error, out var isConfigError))
        {
            return isConfigError ? ConfigError : LinkError;
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>Until <paramref name="stop"/>: the status as <paramref name="status"/> says, then the final counters.</summary>
    private static Task ShowStatusAsync(StatusMode status, IReadOnlyList<RunningHost> hosts, ILogger logger, TimeSpan interval, CancellationToken stop) =>
        status switch
        {
            StatusMode.Table => StatusDisplay.RunTableAsync(AnsiConsole.Console, () => StatusCollector.CollectAsync(hosts), TimeSpan.FromSeconds(1), stop),
            StatusMode.Plain => StatusDisplay.RunPlainAsync(line => logger.Information("{Status:l}", line), () => StatusCollector.CollectAsync(hosts), interval, stop),
            _ => Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default),
        };
}
