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
/// <c>enet ping ADDRESS [--config FILE] [--count N] [--interface NAME]</c>: starts the hosts the configuration
/// describes and pings ADDRESS from one of their interfaces, printing a line per reply and the statistics as
/// Linux's ping(8) does. Exit codes, also as ping(8): 0 when any reply came, 1 when none did, 2 for any other
/// error (one line on stderr: configuration, link, an interface that cannot ping).
/// </summary>
public static class PingCommand
{
    public const int NoReply = 1;
    public const int Error = 2;

    private const int PayloadLength = 56;
    private const int IcmpHeaderLength = 8;
    private const int Ipv4HeaderLength = 20;

    public static Command Create()
    {
        var address = new Argument<string>("address") { Description = "IPv4 address to ping" };
        var config = new Option<FileInfo?>("--config") { Description = "Configuration file with enet.hosts (default: application.conf in the working directory)" };
        var count = new Option<int>("--count", "-c") { Description = "echo requests to send", DefaultValueFactory = _ => 4 };
        var iface = new Option<string?>("--interface", "-I") { Description = "interface to ping from, IFACE or HOST/IFACE (default: the one whose subnet holds the address)" };
        var interval = new Option<double>("--interval", "-i") { Description = "seconds between requests", DefaultValueFactory = _ => 1 };
        var timeout = new Option<double>("--timeout", "-W") { Description = "seconds to wait for each reply", DefaultValueFactory = _ => 1 };
        var command = new Command("ping", "Ping an address through an Enet interface") { address, config, count, iface, interval, timeout };
        command.SetAction(async (parse, cancel) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (!Ipv4Address.TryParse(parse.GetValue(address)!, out var destination))
            {
                error.WriteLine($"enet ping: {parse.GetValue(address)}: not an IPv4 address");
                return Error;
            }
            if (parse.GetValue(count) < 1 || parse.GetValue(interval) is not (>= 0 and <= 3600) || parse.GetValue(timeout) is not (> 0 and <= 3600))
            {
                error.WriteLine("enet ping: --count must be at least 1, --interval and --timeout between 0 and 3600 seconds");
                return Error;
            }
            if (!HostConfigFile.TryRead(parse.GetValue(config), "ping", error, out var hosts, out var file))
                return Error;
            var request = new Request(destination, parse.GetValue(count), parse.GetValue(iface),
                TimeSpan.FromSeconds(parse.GetValue(interval)), TimeSpan.FromSeconds(parse.GetValue(timeout)));
            return await PingAsync(hosts, file, request, parse.InvocationConfiguration.Output, error, cancel);
        });
        return command;
    }

    private sealed record Request(Ipv4Address Address, int Count, string? Interface, TimeSpan Interval, TimeSpan Timeout);

    private static async Task<int> PingAsync(IReadOnlyList<HostSettings> hosts, Config? config, Request request, TextWriter output, TextWriter error, CancellationToken cancel)
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
            if (Choose(running, request) is not var (host, stack))
            {
                error.WriteLine(request.Interface is null
                    ? $"enet ping: no interface with the icmp service can reach {request.Address}"
                    : $"enet ping: {request.Interface}: no such interface with the icmp service");
                return Error;
            }
            output.WriteLine($"PING {request.Address} ({request.Address}) from {stack.Settings.Ipv4.FirstOrDefault().Address} {host.Settings.Name}/{stack.Settings.Name}: " +
                $"{PayloadLength}({PayloadLength + IcmpHeaderLength + Ipv4HeaderLength}) bytes of data.");
            return await Ping(stack.Icmp!, request, output, cancel);
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

    /// <summary>The interface asked for, else the first whose subnet holds the address, else the first with a gateway.</summary>
    private static (RunningHost Host, InterfaceStack Stack)? Choose(IReadOnlyList<RunningHost> hosts, Request request)
    {
        var all = hosts.SelectMany(h => h.Interfaces.Values.Where(s => s.Icmp is not null).Select(s => (Host: h, Stack: s))).ToList();
        var index = request.Interface is { } name
            ? all.FindIndex(c => c.Stack.Settings.Name == name || $"{c.Host.Settings.Name}/{c.Stack.Settings.Name}" == name)
            : all.FindIndex(c => c.Stack.Settings.Ipv4.Any(cidr => cidr.Contains(request.Address)));
        if (index < 0 && request.Interface is null)
            index = all.FindIndex(c => c.Stack.Settings.Gateway is not null);
        return index < 0 ? null : all[index];
    }

    /// <summary>One echo request per interval, each waited for up to the timeout, a line per reply as it comes.</summary>
    private static async Task<int> Ping(IActorRef icmp, Request request, TextWriter output, CancellationToken cancel)
    {
        var replies = new List<TimeSpan>();
        var started = DateTimeOffset.UtcNow;
        var sent = 0;
        try
        {
            for (var sequence = 1; sequence <= request.Count; sequence++)
            {
                var sentAt = DateTimeOffset.UtcNow;
                sent++;
                var result = await icmp.Ask<Icmp.PingResult>(new Icmp.Ping(request.Address, 1, Timeout: request.Timeout, PayloadLength: PayloadLength),
                    request.Timeout + TimeSpan.FromSeconds(5)).WaitAsync(cancel);
                foreach (var reply in result.Replies)
                {
                    replies.Add(reply.RoundTrip);
                    output.WriteLine($"{PayloadLength + IcmpHeaderLength} bytes from {request.Address}: icmp_seq={sequence} ttl={reply.Ttl} time={Milliseconds(reply.RoundTrip)} ms");
                }
                if (sequence < request.Count && request.Interval - (DateTimeOffset.UtcNow - sentAt) is { } wait && wait > TimeSpan.Zero)
                    await Task.Delay(wait, cancel);
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C: like ping(8), stop sending and print what there is.
        }
        var elapsed = DateTimeOffset.UtcNow - started;
        output.WriteLine();
        output.WriteLine($"--- {request.Address} ping statistics ---");
        output.WriteLine($"{sent} packets transmitted, {replies.Count} received, {(sent - replies.Count) * 100 / Math.Max(1, sent)}% packet loss, time {elapsed.TotalMilliseconds:0}ms");
        if (replies.Count > 0)
        {
            var times = replies.Select(r => r.TotalMilliseconds).ToList();
            var average = times.Average();
            // ping(8)'s mdev: the standard deviation of the round-trip times.
            var mdev = Math.Sqrt(times.Average(t => t * t) - average * average);
            output.WriteLine($"rtt min/avg/max/mdev = {times.Min():0.000}/{average:0.000}/{times.Max():0.000}/{mdev:0.000} ms");
        }
        return replies.Count > 0 ? 0 : NoReply;
    }

    private static string Milliseconds(TimeSpan time) => time.TotalMilliseconds.ToString(time.TotalMilliseconds < 10 ? "0.000" : "0.0");
}
