using Enet.Configuration;
using System.CommandLine;
using Enet.Actors.Hosting;
using Akka.Actor;
using Enet.Tap;
using Serilog;

namespace Enet.Host.Commands;

/// <summary>
/// <c>enet run --config FILE</c>: starts every host under enet.hosts and runs until Ctrl-C, then stops the
/// actors and closes the links. Exit codes: 0 after a clean shutdown, 1 when a link cannot be opened (one line
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
        var command = new Command("run", "Run the hosts a configuration file describes until Ctrl-C");
        command.Options.Add(config);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            return HostConfigFile.TryRead(parseResult.GetValue(config), "run", error, out var hosts, out var file)
                ? await RunAsync(hosts, error, cancellationToken, file)
                : ConfigError;
        });
        return command;
    }

    /// <summary>Runs <paramref name="hosts"/> until <paramref name="stop"/> is cancelled, logging to the console;
    /// failures to start are one line on <paramref name="error"/>. The actor system, named enet, takes its akka.* keys
    /// from <paramref name="config"/> (akka.actor.provider = remote for link = remote).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<HostSettings> hosts, TextWriter error, CancellationToken stop, Config? config = null)
    {
        if (hosts.Count == 0)
        {
            error.WriteLine("enet run: the configuration has no hosts under enet.hosts");
            return ConfigError;
        }
        using var logger = new LoggerConfiguration().MinimumLevel.Information()
            .WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss.fff} {Message:lj}{NewLine}{Exception}").CreateLogger();
        var system = EnetActorSystem.Create("enet", config, logger);
        using var links = new LinkFactory { System = system };
        try
        {
            foreach (var running in await HostStartup.StartAsync(system, links, hosts))
                foreach (var stack in running.Interfaces.Values)
                    logger.Information("{Host}: {Interface} up ({Link} {Device}), {Mac} {Addresses}, services {Services}",
                        running.Settings.Name, stack.Settings.Name, stack.Settings.Link, stack.Settings.Device ?? stack.Settings.Path ?? stack.Settings.Segment,
                        stack.Settings.Mac, string.Join(' ', stack.Settings.Ipv4), string.Join(',', running.Settings.Services));
            await Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default);
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
}
