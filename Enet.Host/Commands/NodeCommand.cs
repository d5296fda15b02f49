using Enet.Actors;
using System.CommandLine;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Enet.Remote;
using Enet.Remote.Etf;
using Akka.Actor;
using Enet.Configuration;

namespace Enet.Host.Commands;

/// <summary>
/// <c>enet node --name NAME [--cookie C] [--epmd-port P] [--hidden] [--config FILE]</c>: an Erlang
/// distribution node (settings from enet.remote, the options override them) with two registered actors an
/// Erlang shell can talk to: <c>enet_echo</c> answers <c>{Pid, Term}</c> with <c>{enet_echo, Term}</c>, and
/// <c>enet_info</c> answers <c>{Pid, interfaces}</c> with <c>{enet_info, Interfaces}</c>, the machine's
/// network interfaces as the OS reports them, in inet:getifaddrs/0's shape. Runs until Ctrl-C or SIGTERM,
/// then closes every connection and its EPMD registration. Exit codes: 0 after a clean stop, 1 when the
/// node cannot start (EPMD refused, name taken), 2 for a configuration error.
/// </summary>
public static class NodeCommand
{
    public const int StartError = 1;
    public const int ConfigError = 2;

    public static Command Create()
    {
        var name = new Option<string?>("--name") { Description = "Node name, alive or alive@host (default enet.remote.node-name)" };
        var cookie = new Option<string?>("--cookie") { Description = "Cookie (default enet.remote.cookie, else ~/.erlang.cookie)" };
        var epmdPort = new Option<int?>("--epmd-port") { Description = "EPMD port (default enet.remote.epmd-port, 4369)" };
        var hidden = new Option<bool?>("--hidden") { Description = "Run as a hidden node (default enet.remote.hidden, true)" };
        var config = new Option<FileInfo?>("--config") { Description = "Configuration file with enet.remote" };
        var command = new Command("node", "Run an Erlang distribution node with enet_echo and enet_info until Ctrl-C");
        foreach (var option in new Option[] { name, cookie, epmdPort, hidden, config })
            command.Options.Add(option);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            NetKernelSettings settings;
            Config file;
            try
            {
                file = parseResult.GetValue(config) is { } path ? ConfigurationFactory.Load(path.FullName) : ConfigurationFactory.Load();
                settings = NetKernelSettings.FromConfig(file) with { Dynamic = false };
            }
            catch (Exception e) when (e is ConfigException or FormatException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"enet node: {e.Message.ReplaceLineEndings(" ")}");
                return ConfigError;
            }
            settings = settings with
            {
                Cookie = parseResult.GetValue(cookie) ?? settings.Cookie,
                EpmdPort = parseResult.GetValue(epmdPort) ?? settings.EpmdPort,
                Hidden = parseResult.GetValue(hidden) ?? settings.Hidden,
            };
            if (parseResult.GetValue(name) is { } given)
                settings = settings with { Name = given };
            return await RunAsync(settings, file, output, error, cancellationToken);
        });
        return command;
    }

    /// <summary>Runs the node until <paramref name="stop"/> is cancelled or the process gets SIGTERM.</summary>
    public static async Task<int> RunAsync(NetKernelSettings settings, Config config, TextWriter output, TextWriter error, CancellationToken stop)
    {
        using var terminated = CancellationTokenSource.CreateLinkedTokenSource(stop);
        // SIGTERM (systemd, docker stop, kill) leaves the cluster as cleanly as Ctrl-C does.
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            terminated.Cancel();
        });
        var system = EnetActorSystem.Create("enet", config);
        try
        {
            NetKernel kernel;
            try
            {
                kernel = await NetKernel.StartAsync(system, settings, terminated.Token);
            }
            catch (Exception e) when (e is Remote.Epmd.EpmdException or SocketException or IOException or ArgumentException or OperationCanceledException)
            {
                error.WriteLine($"enet node: {e.Message.ReplaceLineEndings(" ")}");
                return e is ArgumentException ? ConfigError : StartError;
            }
            await using (kernel)
            {
                kernel.Register("enet_echo", system.ActorOf(ActorProps.Create(() => new Echo(kernel)), "enet_echo"));
                kernel.Register("enet_info", system.ActorOf(ActorProps.Create(() => new Info(kernel)), "enet_info"));
                output.WriteLine($"enet node {kernel.NodeName} up: port {kernel.Port}, epmd {settings.EpmdPort}{(kernel.RunsEmbeddedEpmd ? " (embedded)" : "")}, {(settings.Hidden ? "hidden" : "visible")}");
                output.Flush();
                await Task.Delay(Timeout.Infinite, terminated.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                output.WriteLine($"enet node {kernel.NodeName} stopping");
                output.Flush();
            }
            return 0;
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>The interfaces as inet:getifaddrs/0 lists them: <c>[{Name, [{flags, F}, {hwaddr, M}, {addr, A}, {netmask, N}...]}]</c>.</summary>
    public static Term Interfaces() =>
        new ErlList(NetworkInterface.GetAllNetworkInterfaces().Select(Interface).ToArray());

    private static Term Interface(NetworkInterface nic)
    {
        var options = new List<Term>();
        var flags = new List<Term>();
        if (nic.OperationalStatus == OperationalStatus.Up)
            flags.AddRange([new ErlAtom("up"), new ErlAtom("running")]);
        if (nic.NetworkInterfaceType == NetworkInterfaceType.Loopback)
            flags.Add(new ErlAtom("loopback"));
        options.Add(new ErlTuple(new ErlAtom("flags"), new ErlList(flags.ToArray())));
        var mac = nic.GetPhysicalAddress().GetAddressBytes();
        if (mac.Length > 0)
            options.Add(new ErlTuple(new ErlAtom("hwaddr"), new ErlList(mac.Select(b => (Term)b).ToArray())));
        foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
        {
            options.Add(new ErlTuple(new ErlAtom("addr"), Address(unicast.Address.GetAddressBytes())));
            if (unicast.Address.AddressFamily == AddressFamily.InterNetwork)
                options.Add(new ErlTuple(new ErlAtom("netmask"), Address(unicast.IPv4Mask.GetAddressBytes())));
        }
        return new ErlTuple(ErlList.FromString(nic.Name), new ErlList(options.ToArray()));
    }

    /// <summary>inet's address tuples: four bytes for IPv4, eight 16-bit words for IPv6.</summary>
    private static Term Address(byte[] bytes) => bytes.Length == 4
        ? new ErlTuple(bytes.Select(b => (Term)b).ToArray())
        : new ErlTuple(Enumerable.Range(0, bytes.Length / 2).Select(k => (Term)((bytes[2 * k] << 8) | bytes[(2 * k) + 1])).ToArray());

    /// <summary>enet_echo: <c>{Pid, Term}</c> gets <c>{enet_echo, Term}</c> back at Pid.</summary>
    private sealed class Echo : ReceiveActor
    {
        public Echo(NetKernel kernel) =>
            Receive<ErlTuple>(t => t is { Arity: 2 } && t[0] is ErlPid,
                t => kernel.Remote((ErlPid)t[0]).Tell(new ErlTuple(new ErlAtom("enet_echo"), t[1]), Self));
    }

    /// <summary>enet_info: <c>{Pid, interfaces}</c> gets <c>{enet_info, Interfaces}</c> back at Pid.</summary>
    private sealed class Info : ReceiveActor
    {
        public Info(NetKernel kernel) =>
            Receive<ErlTuple>(t => t is { Arity: 2 } && t[0] is ErlPid && t[1].Equals(new ErlAtom("interfaces")),
                t => kernel.Remote((ErlPid)t[0]).Tell(new ErlTuple(new ErlAtom("enet_info"), Interfaces()), Self));
    }
}
