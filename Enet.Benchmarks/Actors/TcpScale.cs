using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Enet.Actors.Hosting;
using Enet.Codecs;
using Enet.TestKit;

namespace Enet.Benchmarks.Actors;

/// <summary>
/// Issue 18's scale figure, run as `Enet.Benchmarks scale [connections] [window]` rather than by BenchmarkDotNet (one
/// run opens tens of thousands of connections that stay open, which its repeated invocations cannot): two Enet hosts
/// on an in-memory wire open <c>connections</c> TCP connections (at most <c>window</c> connects in flight) and leave
/// them idle; printed are the connect rate and the managed heap each idle connection holds (after forced full
/// collections, both endpoints counted), beside the connect/accept rate of Linux's loopback in the same process.
/// </summary>
internal static class TcpScale
{
    /// <summary>Connections one client address opens to one server port: the ephemeral range set below, with room.</summary>
    private const int PerPort = 50_000;

    /// <summary>Sockets the Linux baseline holds open at once (two descriptors each, under the usual 20k limit).</summary>
    private const int LinuxConnections = 8_000;

    public static void Run(IReadOnlyList<string> args)
    {
        var count = args.Count > 0 ? int.Parse(args[0]) : 10_000;
        var window = args.Count > 1 ? int.Parse(args[1]) : 256;
        var linux = Math.Min(count, LinuxConnections);
        Console.WriteLine($"linux loopback: {linux} connections, {LinuxLoopbackRate(linux):F0} connect+accept/s (one thread, blocking)");
        var enet = EnetRate(count, window);
        Console.WriteLine($"enet: {enet.Connected} connected, {enet.Accepted} accepted, {enet.Failed} refused in {enet.Elapsed.TotalSeconds:F1} s: " +
            $"{enet.PerSecond:F0} connects/s (window {window})");
    }

    private static IdleConnections.Result EnetRate(int count, int window)
    {
        using var system = BenchmarkSystem.Create("scale");
        using var network = new VirtualNetwork(system);
        var server = network.AddHostAsync("a", MacAddress.Parse("02:00:00:00:00:0a"), "192.0.2.1/24", configure: HostSettingsFor(count)).GetAwaiter().GetResult();
        var client = network.AddHostAsync("b", MacAddress.Parse("02:00:00:00:00:0b"), "192.0.2.2/24", configure: HostSettingsFor(count)).GetAwaiter().GetResult();
        var plan = new IdleConnections.Plan(count, new Ipv4Address(192, 0, 2, 1), 7000, (count + PerPort - 1) / PerPort, window);
        var timeout = TimeSpan.FromMinutes(20);
        var acceptor = IdleConnections.ListenAsync(system, server.Interfaces.Values.Single().Tcp!, plan, timeout).GetAwaiter().GetResult();
        var before = IdleConnections.HeapAfterCollection();
        var result = IdleConnections.ConnectAsync(system, client.Interfaces.Values.Single().Tcp!, acceptor, plan, timeout).GetAwaiter().GetResult();
        var after = IdleConnections.HeapAfterCollection();
        var perConnection = (double)(after - before) / result.Connected;
        Console.WriteLine($"enet heap: {before / 1e6:F1} MB before, {after / 1e6:F1} MB with {result.Connected} idle connections: " +
            $"{perConnection:F0} B per connection (both ends), {perConnection / 2:F0} B per endpoint; " +
            $"working set {Environment.WorkingSet / 1e6:F0} MB");
        system.Terminate().Wait();
        return result;
    }

    private static Func<HostSettings, HostSettings> HostSettingsFor(int count) =>
        s => s with { Tcp = s.Tcp with { MaxConnections = count + 1024, EphemeralLow = 1024, EphemeralHigh = 65535 } };

    /// <summary>Connects and accepts <paramref name="count"/> loopback connections one after another, all held until the
    /// end: what the kernel does per connection, with no pipelining.</summary>
    private static double LinuxLoopbackRate(int count)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1024);
        var held = new List<Socket>(2 * count);
        var clock = Stopwatch.StartNew();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                held.Add(client);
                client.Connect(listener.LocalEndPoint!);
                held.Add(listener.Accept());
            }
            return count / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var socket in held)
                socket.Dispose();
        }
    }
}
