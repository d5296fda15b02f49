using Enet.Configuration;
using System.CommandLine;
using Enet.Actors.Hosting;
using Enet.Actors.Icmp;
using Enet.Codecs;
using Akka.Actor;
using Enet.Tap;
using Serilog;
using Serilog.Events;

namespace Enet.Host.Commands;

/// <summary>
/// <c>enet ping ADDRESS [--config FILE] [-c N] [-i S] [-W S] [-s BYTES] [--interface NAME]</c>: starts the hosts the configuration
/// describes and pings ADDRESS from one of their interfaces, printing a line per reply and the statistics as
/// Linux's ping(8) does. Exit codes, also as ping(8): 0 when any reply came, 1 when none did, 2 for any other
/// error (one line on stderr: configuration, link, an interface that cannot ping).
/// </summary>
public static class PingCommand
{
    public const int NoReply = 1;
    public const int Error = 2;

    private const int Ipv4HeaderLength = 20;

    public static Command Create()
    {
        var address = new Argument<string>("address") { Description = "IPv4 or IPv6 address to ping" };
        var config = new Option<FileInfo?>("--config") { Description = "Configuration file with enet.hosts (default: application.conf in the working directory)" };
        var count = new Option<int>("--count", "-c") { Description = "echo requests to send", DefaultValueFactory = _ => 4 };
        var iface = new Option<string?>("--interface", "-I") { Description = "interface to ping from, IFACE or HOST/IFACE (default: the one whose subnet holds the address)" };
        var interval = new Option<double>("--interval", "-i") { Description = "seconds between requests", DefaultValueFactory = _ => 1 };
        var timeout = new Option<double>("--timeout", "-W") { Description = "seconds to wait for a reply after the last request", DefaultValueFactory = _ => 1 };
        var size = new Option<int>("--size", "-s") { Description = "data bytes in each echo request (as ping -s)", DefaultValueFactory = _ => 56 };
        var command = new Command("ping", "Ping an IPv4 or IPv6 address through an Enet interface") { address, config, count, iface, interval, timeout, size };
        command.SetAction(async (parse, cancel) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var text = parse.GetValue(address)!;
            Ipv4Address? v4 = Ipv4Address.TryParse(text, out var parsed4) ? parsed4 : null;
            Ipv6Address? v6 = v4 is null && Ipv6Address.TryParse(text, out var parsed6) ? parsed6 : null;
            if (v4 is null && v6 is null)
            {
                error.WriteLine($"enet ping: {text}: not an IPv4 or IPv6 address");
                return Error;
            }
            // ping(8)'s limits: -s up to 65507 (IPv4) / 65527 (IPv6) data bytes, the largest an IP datagram holds.
            var maxSize = v4 is null ? 65527 : 65507;
            if (parse.GetValue(count) < 1 || parse.GetValue(interval) is not (>= 0 and <= 3600) || parse.GetValue(timeout) is not (> 0 and <= 3600) ||
                parse.GetValue(size) < 0 || parse.GetValue(size) > maxSize)
            {
                error.WriteLine($"enet ping: --count must be at least 1, --interval and --timeout between 0 and 3600 seconds, --size between 0 and {maxSize}");
                return Error;
            }
            if (!HostConfigFile.TryRead(parse.GetValue(config), "ping", error, out var hosts, out var file))
                return Error;
            var request = new PingSession.Request(v4?.ToString() ?? v6!.Value.ToString(), parse.GetValue(count), parse.GetValue(size),
                TimeSpan.FromSeconds(parse.GetValue(interval)), TimeSpan.FromSeconds(parse.GetValue(timeout)));
            return await PingAsync(hosts, file, new Target(v4, v6, parse.GetValue(iface)), request, parse.InvocationConfiguration.Output, error, cancel);
        });
        return command;
    }

    /// <summary>The address in its family, and the interface asked for.</summary>
    private sealed record Target(Ipv4Address? V4, Ipv6Address? V6, string? Interface);

    private static async Task<int> PingAsync(IReadOnlyList<HostSettings> hosts, Config? config, Target target, PingSession.Request request,
        TextWriter output, TextWriter error, CancellationToken cancel)
    {
        if (hosts.Count == 0)
        {
            error.WriteLine("enet ping: the configuration has no hosts under enet.hosts: give --config FILE (see enet.hosts in reference.conf)");
            return Error;
        }
        // The stack's log would mix with ping's lines; only its warnings and errors are shown, on stderr.
        using var logger = new LoggerConfiguration().MinimumLevel.Warning()
            .WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u3} {Message:lj}{NewLine}", standardErrorFromLevel: LogEventLevel.Verbose)
            .CreateLogger();
        var system = EnetActorSystem.Create("enet", config, logger);
        using var links = new LinkFactory { System = system };
        try
        {
            var running = await HostStartup.StartAsync(system, links, hosts);
            if (Choose(running, target) is not var (host, stack))
            {
                error.WriteLine(target.Interface is null
                    ? $"enet ping: no interface with the icmp service can reach {request.Address}"
                    : $"enet ping: {target.Interface}: no such interface with the icmp service{(target.V6 is null ? "" : " and IPv6")}");
                return Error;
            }
            var device = $"{host.Settings.Name}/{stack.Settings.Name}";
            if (target.V4 is { } v4)
            {
                output.WriteLine($"PING {v4} ({v4}) from {stack.Settings.Ipv4.FirstOrDefault().Address} {device}: " +
                    $"{request.Size}({request.Size + 8 + Ipv4HeaderLength}) bytes of data.");
                var ping = new Icmp.Ping(v4, request.Count, request.Interval, request.Timeout, request.Size, ReportReplies: true);
                return await PingSession.RunAsync(system, stack.Icmp!, ping, request, output, cancel);
            }
            var v6 = target.V6!.Value;
            await Ipv6Readiness.WaitAsync(running, cancel);
            // iputils' ping for IPv6: "PING ADDR(ADDR) from SOURCE DEVICE: 56 data bytes" (no space before the parenthesis).
            output.WriteLine($"PING {v6}({v6}) from {Source(stack, v6)} {device}: {request.Size} data bytes");
            var ping6 = new Icmpv6.Ping(v6, request.Count, request.Interval, request.Timeout, request.Size, ReportReplies: true);
            return await PingSession.RunAsync(system, stack.Icmpv6!, ping6, request, output, cancel);
        }
        catch (Exception e) when (HostStartup.TryExplain(e, "ping", error, out _))
        {
            return Error;
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>The interface asked for, else the first whose subnet holds the address, else (IPv4) the first with a gateway.</summary>
    private static (RunningHost Host, InterfaceStack Stack)? Choose(IReadOnlyList<RunningHost> hosts, Target target)
    {
        var all = hosts.SelectMany(h => h.Interfaces.Values
                .Where(s => target.V4 is null ? s.Icmpv6 is not null : s.Icmp is not null).Select(s => (Host: h, Stack: s)))
            .ToList();
        var index = target.Interface is { } name
            ? all.FindIndex(c => c.Stack.Settings.Name == name || $"{c.Host.Settings.Name}/{c.Stack.Settings.Name}" == name)
            : all.FindIndex(c => target.V4 is { } v4
                ? c.Stack.Settings.Ipv4.Any(cidr => cidr.Contains(v4))
                : c.Stack.Settings.Ipv6.Any(cidr => cidr.Contains(target.V6!.Value)));
        if (index < 0 && target.Interface is null && target.V4 is not null)
            index = all.FindIndex(c => c.Stack.Settings.Gateway is not null);
        return index < 0 ? null : all[index];
    }

    /// <summary>The interface's address on the destination's subnet, else its first (RFC 6724's rule 1/2 in short).</summary>
    private static Ipv6Address Source(InterfaceStack stack, Ipv6Address destination) =>
        stack.Settings.Ipv6.FirstOrDefault(cidr => cidr.Contains(destination), stack.Settings.Ipv6.FirstOrDefault()).Address;
}
