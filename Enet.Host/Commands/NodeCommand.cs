using Enet.Actors;
using System.CommandLine;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Enet.Remote;
using Enet.Remote.Etf;
using Akka.Actor;
using Enet.Configuration;
using Enet.Actors.Hosting;
using Enet.Remote.Dump;
using Enet.Tap;

namespace Enet.Host.Commands;

/// <summary>
/// <c>enet node [--sname NAME | --name NAME] [--address ADDR] [--cookie C] [--epmd-port P] [--hidden] [--config FILE] [--akka-port P] [--connect NODE]...</c>:
/// an Erlang distribution node (settings from enet.remote, the options override them) with registered actors an
/// Erlang shell can talk to: <c>enet_echo</c> answers <c>{Pid, Term}</c> with <c>{enet_echo, Term}</c>,
/// <c>enet_info</c> answers <c>{Pid, interfaces}</c> with <c>{enet_info, Interfaces}</c>, the machine's
/// network interfaces as the OS reports them, in inet:getifaddrs/0's shape, and <c>enet_dump</c> streams the frames
/// of the hosts the configuration's enet.hosts starts beside the node (see <see cref="Remote.Dump.EnetDump"/>). Runs
/// until Ctrl-C or SIGTERM, then closes every connection and its EPMD registration. A configuration with
/// <c>akka.actor.provider = remote</c> makes it an Akka.Remote node too (<see cref="DistributedNode"/>), at the address
/// it prints. It prints every nodeup and nodedown (both transports), and connects to each <c>--connect</c> node at
/// start as net_adm:ping would (an Erlang name or an Akka address), printing the answer and nodes(). Exit codes: 0 after a clean stop, 1 when the node cannot start (EPMD refused, name taken), 2 for a
/// configuration error (a name erl would refuse too).
/// </summary>
/// <remarks>
/// Names as erl(1) makes them: <c>--sname alive</c> is <c>alive@</c> the host name up to its first dot, the
/// name <c>erl -sname shell</c> peers write; <c>--name alive@host</c> keeps the host as given, like
/// <c>erl -name</c>. <c>--name alive</c> without a host is the short name: erl would append the resolver's
/// domain there, which many machines lack, and a long name is unreachable from <c>-sname</c> peers anyway.
/// The same rules apply to enet.remote.node-name when no option names the node.
/// </remarks>
public static class NodeCommand
{
    public const int StartError = 1;
    public const int ConfigError = 2;

    public static Command Create()
    {
        var sname = new Option<string?>("--sname") { Description = "Short node name as erl -sname: alive (alive@ the host name up to its first dot) or alive@host without dots" };
        var name = new Option<string?>("--name") { Description = "Node name: alive@host kept as given, like erl -name; alive alone is --sname alive (default enet.remote.node-name)" };
        var address = new Option<string?>("--address") { Description = "IPv4 address the distribution listener binds, like erl's inet_dist_use_interface (default every interface; loopback for an @localhost name)" };
        var cookie = new Option<string?>("--cookie") { Description = "Cookie (default enet.remote.cookie, else ~/.erlang.cookie)" };
        var epmdPort = new Option<int?>("--epmd-port") { Description = "EPMD port (default enet.remote.epmd-port, 4369)" };
        var hidden = new Option<bool?>("--hidden") { Description = "Run as a hidden node (default enet.remote.hidden, true)" };
        var config = new Option<FileInfo?>("--config") { Description = "Configuration file with enet.remote, and enet.hosts to run beside the node" };
        var akkaPort = new Option<int?>("--akka-port")
        {
            Description = "Also serve Akka.Remote on this TCP port (0: any free one), at the node's host (default: the configuration's akka.remote.dot-netty.tcp, when akka.actor.provider = remote)",
        };
        var connect = new Option<string[]>("--connect")
        {
            Description = "Connect to this node at start, like net_adm:ping: an Erlang name (alive@host) or an Akka address (akka.tcp://enet@host:port); repeatable",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("node", "Run an Erlang distribution node with enet_echo, enet_info and enet_dump until Ctrl-C");
        foreach (var option in new Option[] { sname, name, address, cookie, epmdPort, hidden, config, akkaPort, connect })
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
                settings = settings with
                {
                    Name = NodeName(parseResult.GetValue(sname), parseResult.GetValue(name) ?? settings.Name),
                    ListenAddress = parseResult.GetValue(address) is { } given
                        ? IPAddress.TryParse(given, out var parsed) ? parsed : throw new ArgumentException($"--address {given} is not an IP address")
                        : null,
                    Cookie = parseResult.GetValue(cookie) ?? settings.Cookie,
                    EpmdPort = parseResult.GetValue(epmdPort) ?? settings.EpmdPort,
                    Hidden = parseResult.GetValue(hidden) ?? settings.Hidden,
                };
                if (parseResult.GetValue(akkaPort) is { } port)
                    file = WithAkkaRemote(file, port, settings.Name);
            }
            catch (Exception e) when (e is ConfigException or FormatException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                error.WriteLine($"enet node: {e.Message.ReplaceLineEndings(" ")}");
                return ConfigError;
            }
            return await RunAsync(settings, file, output, error, cancellationToken, parseResult.GetValue(connect) ?? []);
        });
        return command;
    }

    /// <summary><c>--akka-port</c>: remoting on, at that port, on the host the configuration names or else the node
    /// name's host (the address the node prints and peers connect to).</summary>
    private static Config WithAkkaRemote(Config file, int port, string nodeName)
    {
        if (port is < 0 or > 65535)
            throw new ArgumentException($"--akka-port {port} is not a TCP port");
        var host = file.HasPath("akka.remote.dot-netty.tcp.hostname") ? file.GetString("akka.remote.dot-netty.tcp.hostname") : nodeName[(nodeName.IndexOf('@') + 1)..];
        return ConfigurationFactory.ParseString($$"""
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp { hostname = "{{host}}", port = {{port}} }
            """).WithFallback(file);
    }

    /// <summary>
    /// The full node name: <c>--sname</c> as erl -sname takes it (given both, erl too takes -sname); otherwise
    /// <paramref name="name"/> (--name or enet.remote.node-name) as erl -name when it has a host, as -sname when
    /// it has none. A trailing @ names no host (net_kernel:create_hostpart/2 needs a character after it).
    /// </summary>
    private static string NodeName(string? sname, string name) =>
        sname is not null ? NetKernelSettings.ShortNodeName(sname)
        : name.TrimEnd('@').Contains('@', StringComparison.Ordinal) ? NetKernelSettings.LongNodeName(name)
        : NetKernelSettings.ShortNodeName(name);

    /// <summary>Runs the node until <paramref name="stop"/> is cancelled or the process gets SIGTERM.</summary>
    public static async Task<int> RunAsync(NetKernelSettings settings, Config config, TextWriter output, TextWriter error, CancellationToken stop,
        IReadOnlyList<string>? connect = null)
    {
        // The node's events are printed from an actor's thread, beside this one's lines.
        output = TextWriter.Synchronized(output);
        using var terminated = CancellationTokenSource.CreateLinkedTokenSource(stop);
        // SIGTERM (systemd, docker stop, kill) leaves the cluster as cleanly as Ctrl-C does.
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            terminated.Cancel();
        });
        ActorSystem system;
        try
        {
            system = EnetActorSystem.Create("enet", config);
        }
        catch (ConfigException e)
        {
            // enet.remote.tls names a certificate that cannot be read.
            error.WriteLine($"enet node: {e.Message.ReplaceLineEndings(" ")}");
            return ConfigError;
        }
        using var links = new LinkFactory { System = system };
        try
        {
            DistributedNode node;
            try
            {
                node = await DistributedNode.StartAsync(system, settings, cancellationToken: terminated.Token);
            }
            catch (Exception e) when (e is Remote.Epmd.EpmdException or SocketException or IOException or ArgumentException or OperationCanceledException)
            {
                error.WriteLine($"enet node: {e.Message.ReplaceLineEndings(" ")}");
                return e is ArgumentException ? ConfigError : StartError;
            }
            await using (node)
            {
                var kernel = node.ErlangKernel!;
                IReadOnlyList<RunningHost> hosts;
                try
                {
                    hosts = await HostStartup.StartAsync(system, links, HostSettingsReader.Read(new HoconConfigView(config)));
                }
                catch (FormatException e)
                {
                    error.WriteLine($"enet node: {e.Message.ReplaceLineEndings(" ")}");
                    return ConfigError;
                }
                catch (Exception e) when (HostStartup.TryExplain(e, "node", error, out var isConfigError))
                {
                    return isConfigError ? ConfigError : StartError;
                }
                kernel.Register("enet_echo", system.ActorOf(ActorProps.Create(() => new Echo(kernel)), "enet_echo"));
                kernel.Register("enet_info", system.ActorOf(ActorProps.Create(() => new Info(kernel)), "enet_info"));
                kernel.Register("enet_dump", system.ActorOf(EnetDump.Props(kernel, hosts), "enet_dump"));
                output.WriteLine($"enet node {kernel.NodeName} up: listening on {kernel.ListenAddress}:{kernel.Port}, epmd {settings.EpmdPort}{(kernel.RunsEmbeddedEpmd ? " (embedded)" : "")}, {(settings.Hidden ? "hidden" : "visible")}{(node.AkkaKernel is { } akka ? $", akka {akka.NodeName}" : "")}");
                output.Flush();
                await node.MonitorNodesAsync(system.ActorOf(ActorProps.Create(() => new NodeEventPrinter(output)), "enet_node_events"), true, MonitorNodesOptions.All);
                foreach (var peer in connect ?? [])
                {
                    var answer = await node.ConnectNodeAsync(peer);
                    output.WriteLine($"connect_node {peer}: {(answer ? "true" : "false")}, nodes() = [{string.Join(", ", await node.NodesAsync(null))}]");
                    output.Flush();
                }
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
