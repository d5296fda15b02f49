using Enet.Runtime.Configuration;
using System.CommandLine;
using Enet.Actors.Hosting;
using Enet.Runtime.Actor;
using Enet.Tap;
using Serilog;

namespace Enet.Host.Commands;

/// <summary>
/// <c>enet run --config FILE</c>: starts every host under enet.hosts and runs until Ctrl-C, then stops the
/// actors and closes the links. Exit codes: 0 after a clean shutdown, 1 when a link cannot be opened (one line
/// saying so; a TAP device without root says that it needs root), 2 for a configuration error.
/// </summary>
public static class RunCommand
{
    public const int LinkError = 1;
    public const int ConfigError = 2;

    private const int EPERM = 1;
    private const int EACCES = 13;

    /// <summary>Observer services beyond arp and icmp, by the name `services` lists them under.</summary>
    public static IReadOnlyDictionary<string, ObserverFactory> Observers { get; } = DiagnosticServices.All;

    public static Command Create()
    {
        var config = new Option<FileInfo>("--config") { Description = "Configuration file with enet.hosts", Required = true };
        var command = new Command("run", "Run the hosts a configuration file describes until Ctrl-C");
        command.Options.Add(config);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var path = parseResult.GetValue(config)!.FullName;
            IReadOnlyList<HostSettings> hosts;
            try
            {
                hosts = HostSettingsReader.ReadFile(path);
            }
            catch (Exception e) when (e is ConfigException or FormatException or IOException or System.Text.Json.JsonException or UnauthorizedAccessException)
            {
                error.WriteLine($"{path}: {e.Message.ReplaceLineEndings(" ")}");
                return ConfigError;
            }
            return await RunAsync(hosts, error, cancellationToken);
        });
        return command;
    }

    /// <summary>Runs <paramref name="hosts"/> until <paramref name="stop"/> is cancelled, logging to the console;
    /// failures to start are one line on <paramref name="error"/>.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<HostSettings> hosts, TextWriter error, CancellationToken stop)
    {
        if (hosts.Count == 0)
        {
            error.WriteLine("enet run: the configuration has no hosts under enet.hosts");
            return ConfigError;
        }
        using var logger = new LoggerConfiguration().MinimumLevel.Information()
            .WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss.fff} {Message:lj}{NewLine}{Exception}").CreateLogger();
        var system = ActorSystem.Create("enet", ActorSystemSettings.Default with { Logger = logger });
        using var links = new LinkFactory();
        try
        {
            foreach (var host in hosts)
            {
                var running = await HostStarter.StartAsync(system, host, s => links.InterfaceProps(s, host.SubscriberQueue), Observers);
                foreach (var stack in running.Interfaces.Values)
                    logger.Information("{Host}: {Interface} up ({Link} {Device}), {Mac} {Addresses}, services {Services}",
                        host.Name, stack.Settings.Name, stack.Settings.Link, stack.Settings.Device ?? stack.Settings.Path,
                        stack.Settings.Mac, string.Join(' ', stack.Settings.Ipv4), string.Join(',', host.Services));
            }
            await Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default);
            logger.Information("stopping");
            return 0;
        }
        catch (TapException e) when (e.Errno is EPERM or EACCES)
        {
            error.WriteLine($"enet run: opening a TAP device needs root (or CAP_NET_ADMIN): {e.Message}");
            return LinkError;
        }
        catch (Exception e) when (e is TapException or IOException or ArgumentException or InvalidOperationException)
        {
            error.WriteLine($"enet run: {e.Message.ReplaceLineEndings(" ")}");
            return e is ArgumentException ? ConfigError : LinkError;
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}
