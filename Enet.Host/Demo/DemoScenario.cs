using Enet.Configuration;
using System.Text;
using Enet.Actors.Arp;
using Enet.Actors.Hosting;
using Enet.Actors.Icmp;
using Enet.Actors.Interface;
using Enet.Actors.Inet;
using Enet.Actors.Ip;
using Enet.Actors.Udp;
using Enet.Codecs;
using Akka.Actor;
using Enet.Tap;
using Serilog;
using Serilog.Events;

namespace Enet.Host.Demo;

/// <summary>
/// The embedded demo `enet demo` runs: <see cref="DemoOptions.Hosts"/> Enet hosts (a, b, ...) in one process,
/// each a full stack started by <see cref="HostStarter"/> as `enet run` starts one, plugged into one in-memory
/// wire. Every frame on the wire is printed as it is sent; the steps run in order; a table of frames, drops
/// and round-trip times ends the run. Needs no root and touches no real network.
/// </summary>
public sealed class DemoScenario : IAsyncDisposable
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    private const int UdpAttempts = 3;
    private static readonly TimeSpan TcpTimeout = TimeSpan.FromSeconds(8);

    private readonly DemoOptions options;
    private readonly WireTrace trace;
    private readonly TextWriter output;
    private readonly Serilog.Core.Logger logger;
    private readonly ActorSystem system;
    private readonly LinkFactory links;
    private readonly Dictionary<string, TracedLink> traced = [];
    private readonly List<RunningHost> hosts = [];
    private readonly List<Icmp.PingResult> pings = [];
    private readonly List<string> failures = [];
    private int udpEchoes;
    private int tcpEchoes;

    private DemoScenario(DemoOptions options, TextWriter output)
    {
        this.options = options;
        this.output = output;
        trace = new WireTrace(output);
        // The stack's own log would drown the trace; only its warnings and errors are shown, on stderr.
        logger = new LoggerConfiguration().MinimumLevel.Warning()
            .WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u3} {Message:lj}{NewLine}{Exception}",
                standardErrorFromLevel: LogEventLevel.Verbose).CreateLogger();
        system = EnetActorSystem.Create("enet-demo", null, logger);
        var loss = new FaultProfile { Loss = options.LossPercent / 100 };
        links = new LinkFactory
        {
            Wrap = (settings, link) =>
            {
                var host = settings.Name[..settings.Name.IndexOf('-')];
                lock (traced)
                {
                    // Each host's losses come from a seed of its own, so one host's traffic does not shift another's.
                    var wrapped = new TracedLink(host, new FaultInjector(link, loss, options.Seed + traced.Count), trace);
                    traced[settings.Name] = wrapped;
                    return wrapped;
                }
            },
        };
    }

    /// <summary>Runs the whole demo, writing the trace and the table to <paramref name="output"/> (the stack's own
    /// warnings go to stderr).</summary>
    public static async Task<DemoSummary> RunAsync(DemoOptions options, TextWriter output, CancellationToken cancel = default)
    {
        if (options.Problem() is { } problem)
            throw new ArgumentException(problem, nameof(options));
        await using var demo = new DemoScenario(options, output);
        return await demo.RunAsync(cancel);
    }

    private static string HostName(int index) => ((char)('a' + index)).ToString();

    private static Ipv4Address Address(int index) => new(192, 0, 2, (byte)(index + 1));

    private static MacAddress Mac(int index) => new(0x02_00_00_00_00_00UL + (uint)index + 1);

    private static InterfaceStack Stack(RunningHost host) => host.Interfaces.Values.Single();

    private async Task<DemoSummary> RunAsync(CancellationToken cancel)
    {
        trace.Say($"== start: {options.Hosts} Enet hosts on one in-memory wire, 192.0.2.0/24" +
            (options.LossPercent > 0 ? $", losing {options.LossPercent}% of frames (seed {options.Seed})" : ""));
        for (var i = 0; i < options.Hosts; i++)
            hosts.Add(await StartHost(i));
        foreach (var (title, step) in Steps())
        {
            cancel.ThrowIfCancellationRequested();
            trace.Say($"== {title}");
            await step();
        }
        trace.Stop();
        await PrintTable();
        return new DemoSummary(trace.Frames, trace.Lost, pings, udpEchoes, tcpEchoes, failures);
    }

    /// <summary>
    /// The demo's steps, run in this order over the same hosts. Each prints what it found and adds what did
    /// not work to the failures. A new capability of the stack gets its step here.
    /// </summary>
    private IEnumerable<(string Title, Func<Task> Run)> Steps() =>
    [
        ($"ARP: {hosts[0].Settings.Name} resolves every other host's address", ResolveAll),
        ("ICMP: each host pings the next one", PingRing),
        ($"UDP: {hosts[0].Settings.Name} sends a datagram to every other host's udp-echo (RFC 862, port 7)", UdpEchoes),
        ($"TCP: {hosts[0].Settings.Name} connects to every other host's tcp-echo (RFC 862, port 7), writes a line and closes", TcpEchoes),
    ];

    private Task<RunningHost> StartHost(int index)
    {
        var name = HostName(index);
        var iface = new InterfaceSettings($"{name}-eth0", "wire", Mac(index)) { Device = "demo", Ipv4 = [new Ipv4Cidr(Address(index), 24)] };
        var settings = new HostSettings(name, [iface])
        {
            Services = ["arp", "icmp", "udp-echo", "tcp-echo"],
            // Retries come quicker than RFC 1122's one a second, so a lossy wire still resolves in a demo's time.
            Arp = ArpSettings.Default with { RetryInterval = TimeSpan.FromMilliseconds(200), MaxAttempts = 5 },
        };
        return HostStarter.StartAsync(system, settings, s => links.InterfaceProps(s, settings.SubscriberQueue));
    }

    private async Task ResolveAll()
    {
        var arp = Stack(hosts[0]).Arp!;
        for (var i = 1; i < hosts.Count; i++)
        {
            var answer = await arp.Ask(new Arp.Resolve(Address(i)), AskTimeout);
            if (answer is Arp.Resolved resolved)
                trace.Say($"   {hosts[0].Settings.Name}: {resolved.Address} is at {resolved.Mac}");
            else
                Fail($"{hosts[0].Settings.Name} could not resolve {Address(i)}");
        }
    }

    private async Task PingRing()
    {
        for (var i = 0; i < hosts.Count; i++)
        {
            var target = (i + 1) % hosts.Count;
            var ping = new Icmp.Ping(Address(target), options.Pings, options.PingInterval, options.PingTimeout);
            var result = await Stack(hosts[i]).Icmp!.Ask<Icmp.PingResult>(ping, options.PingInterval * options.Pings + options.PingTimeout + AskTimeout);
            pings.Add(result);
            trace.Say($"   {hosts[i].Settings.Name} -> {HostName(target)}: {result}");
            if (result.Received == 0)
                Fail($"{hosts[i].Settings.Name} -> {HostName(target)}: no echo replies");
        }
    }

    /// <summary>Each echo is tried a few times: on a lossy wire either the datagram or its echo may be lost.</summary>
    private async Task UdpEchoes()
    {
        await using var socket = await UdpSocket.OpenAsync(system, Stack(hosts[0]).Udp!);
        for (var i = 1; i < hosts.Count; i++)
        {
            var text = $"hello {HostName(i)} from {hosts[0].Settings.Name}";
            var echoed = false;
            for (var attempt = 1; attempt <= UdpAttempts && !echoed; attempt++)
            {
                await socket.SendAsync(Address(i), UdpEcho.Port, Encoding.ASCII.GetBytes(text));
                try
                {
                    var received = await socket.ReceiveAsync(options.PingTimeout);
                    echoed = Encoding.ASCII.GetString(received.Data.Span) == text;
                    trace.Say($"   {hosts[0].Settings.Name}: {received.Address}:{received.Port} echoed \"{Encoding.ASCII.GetString(received.Data.Span)}\"");
                }
                catch (InetException e) when (e.Reason == Posix.Timeout)
                {
                    trace.Say($"   {hosts[0].Settings.Name}: no echo from {Address(i)} within {options.PingTimeout.TotalMilliseconds} ms (attempt {attempt})");
                }
            }
            udpEchoes += echoed ? 1 : 0;
            if (!echoed)
                Fail($"{hosts[0].Settings.Name} -> {HostName(i)}: no UDP echo after {UdpAttempts} attempts");
        }
    }

    /// <summary>TCP retransmits what a lossy wire loses, so one connection per host is enough.</summary>
    private async Task TcpEchoes()
    {
        for (var i = 1; i < hosts.Count; i++)
        {
            var text = $"hello {HostName(i)} over tcp from {hosts[0].Settings.Name}";
            var result = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            system.ActorOf(TcpEchoClient.Props(Stack(hosts[0]).Tcp!, Address(i), Encoding.ASCII.GetBytes(text), TcpTimeout, result));
            var outcome = await result.Task.WaitAsync(TcpTimeout + AskTimeout);
            trace.Say($"   {hosts[0].Settings.Name} -> {HostName(i)}:7 {(outcome == text ? $"echoed \"{outcome}\"" : outcome)}");
            if (outcome == text)
                tcpEchoes++;
            else
                Fail($"{hosts[0].Settings.Name} -> {HostName(i)}: no TCP echo ({outcome})");
        }
    }

    private void Fail(string reason)
    {
        failures.Add(reason);
        trace.Say($"   FAILED: {reason}");
    }

    private async Task PrintTable()
    {
        var rows = new List<string[]> { new[] { "host", "address", "mac", "tx", "rx", "lost", "dropped" } };
        foreach (var host in hosts)
        {
            var stack = Stack(host);
            var statistics = (await stack.Interface.Ask<Eth.Info>(Eth.GetInfo.Instance, AskTimeout)).Statistics;
            var faults = traced[stack.Settings.Name].Faults;
            rows.Add([host.Settings.Name, stack.Settings.Ipv4[0].ToString(), stack.Settings.Mac.ToString(),
                statistics.TxPackets.ToString(), statistics.RxPackets.ToString(), (faults.Lost + faults.RateLimited).ToString(),
                (statistics.RxDrops + statistics.RxErrors + statistics.TxDrops + statistics.TxErrors).ToString()]);
        }
        output.WriteLine();
        Table(rows);
        output.WriteLine();
        var pingRows = new List<string[]> { new[] { "ping", "sent", "received", "loss", "rtt min/avg/max ms" } };
        for (var i = 0; i < pings.Count; i++)
        {
            var p = pings[i];
            pingRows.Add([$"{HostName(i)} -> {HostName((i + 1) % hosts.Count)}", p.Transmitted.ToString(), p.Received.ToString(),
                $"{(p.Transmitted == 0 ? 0 : 100 * (p.Transmitted - p.Received) / p.Transmitted)}%",
                p.Received == 0 ? "-" : $"{p.Replies.Min(r => r.RoundTrip).TotalMilliseconds:0.000}/{p.Replies.Average(r => r.RoundTrip.TotalMilliseconds):0.000}/{p.Replies.Max(r => r.RoundTrip).TotalMilliseconds:0.000}"]);
        }
        Table(pingRows);
        output.WriteLine();
        output.WriteLine($"udp: {udpEchoes} of {hosts.Count - 1} datagrams echoed; tcp: {tcpEchoes} of {hosts.Count - 1} connections echoed");
        output.WriteLine($"wire: {trace.Frames} frames, {trace.Lost} lost; {(failures.Count == 0 ? "every step succeeded" : $"{failures.Count} step(s) failed")}");
    }

    /// <summary>Left-aligned columns, two spaces apart; the first row is the header.</summary>
    private void Table(List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
            output.WriteLine(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
    }

    public async ValueTask DisposeAsync()
    {
        await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        links.Dispose();
        await logger.DisposeAsync();
    }
}
