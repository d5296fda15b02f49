using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Enet.Remote.Distribution;
using Enet.Remote.Epmd;
using Enet.Remote.Etf;
using Akka.Actor;
using Akka.Event;

namespace Enet.Remote;

/// <summary>
/// This actor system as an Erlang node (kernel's net_kernel): registered with EPMD, accepting and opening
/// distribution connections, mapping control messages (erl_dist_protocol "Control Messages") onto actors,
/// and reporting nodeup/nodedown to monitor_nodes subscribers.
/// </summary>
public sealed partial class NetKernel : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly Socket _listener;
    private readonly EpmdRegistration _registration;
    private readonly EpmdServer? _embeddedEpmd;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private readonly Dictionary<string, DistConnection> _connections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource<bool>> _connecting = new(StringComparer.Ordinal);
    private readonly HashSet<string> _autoConnectBarred = new(StringComparer.Ordinal);
    private readonly HashSet<string> _accepting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Action<DistConnection>>> _pending = new(StringComparer.Ordinal);
    private readonly List<(IActorRef Subscriber, MonitorNodesOptions Options)> _nodeMonitors = [];
    private readonly ConcurrentDictionary<string, IActorRef> _registered = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ErlPid, IActorRef> _actorsByPid = new();
    private readonly ConcurrentDictionary<IActorRef, ErlPid> _pidsByActor = new();
    private readonly ConcurrentDictionary<(string Node, ErlRef Ref), IActorRef> _inboundMonitors = new();
    private readonly ConcurrentDictionary<ErlRef, (IActorRef Watcher, RemoteProcessRef Target, bool DeathWatch)> _outboundMonitors = new();
    private readonly ConcurrentDictionary<(IActorRef Watcher, RemoteProcessRef Target), ErlRef> _deathWatches = new();
    private readonly ConcurrentDictionary<(ErlPid Remote, ErlPid Local), IActorRef> _links = new();
    private HashSet<string>? _allow;
    private TimeSpan _netTicktime;
    private TimeSpan? _ticktimeTarget;
    private readonly AcceptLoop _acceptLoop;
    private long _nextId;

    private NetKernel(ActorSystem system, NetKernelSettings settings, string nodeName, string cookie, Socket listener,
        EpmdRegistration registration, EpmdServer? embeddedEpmd)
    {
        _system = system;
        Settings = settings;
        NodeName = nodeName;
        Cookie = cookie;
        _listener = listener;
        _registration = registration;
        _embeddedEpmd = embeddedEpmd;
        _netTicktime = settings.NetTicktime;
        _allow = settings.Allow is null ? null : new HashSet<string>(settings.Allow, StringComparer.Ordinal);
        NodeAtom = new ErlAtom(nodeName);
        _acceptLoop = new AcceptLoop(_listener.AcceptAsync, socket => _ = Task.Run(() => AcceptAsync(socket)),
            Logging.GetLogger(system, "net_kernel"), $"{nodeName} distribution listener");
        _ = Task.Run(() => _acceptLoop.RunAsync(_stop.Token));
    }

    public NetKernelSettings Settings { get; }

    /// <summary>The actor system this node is.</summary>
    internal ActorSystem System => _system;

    /// <summary>This node's name, <c>alive@host</c>.</summary>
    public string NodeName { get; }

    public ErlAtom NodeAtom { get; }

    public string Cookie { get; }

    /// <summary>The creation EPMD gave this incarnation of the node.</summary>
    public uint Creation => _registration.Creation;

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    /// <summary>The address the distribution listener is bound to (0.0.0.0 for every interface).</summary>
    public IPAddress ListenAddress => ((IPEndPoint)_listener.LocalEndPoint!).Address;

    /// <summary>True when this node runs the embedded EPMD because nothing listened on the EPMD port.</summary>
    public bool RunsEmbeddedEpmd => _embeddedEpmd is not null;

    /// <summary>net_kernel:start/1: listens, registers with EPMD (starting an embedded one if none runs).</summary>
    public static async Task<NetKernel> StartAsync(ActorSystem system, NetKernelSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(settings);
        var nodeName = settings.Name.Contains('@', StringComparison.Ordinal) ? settings.Name : settings.Name + "@localhost";
        var (alive, host) = SplitNodeName(nodeName);
        var cookie = settings.Cookie ?? ReadCookieFile();
        var epmd = new EpmdClient("127.0.0.1", settings.EpmdPort);
        EpmdServer? embedded = null;
        if (!await epmd.IsListeningAsync(cancellationToken).ConfigureAwait(false) && settings.StartEmbeddedEpmd)
            embedded = EpmdServer.Start(settings.EpmdPort, log: Logging.GetLogger(system, typeof(EpmdServer)));
        var listener = Listen(host, settings);
        try
        {
            var registration = await epmd.RegisterAsync(
                new EpmdNodeInfo(alive, ((IPEndPoint)listener.LocalEndPoint!).Port, settings.Hidden), cancellationToken).ConfigureAwait(false);
            return new NetKernel(system, settings, nodeName, cookie, listener, registration, embedded);
        }
        catch
        {
            listener.Dispose();
            if (embedded is not null)
                await embedded.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// net_kernel:stop/0: <c>ok</c> after every connection went down with <c>net_kernel_terminated</c> and the
    /// EPMD registration closed; <c>not_allowed</c> for a node its host started from configuration (not
    /// <see cref="NetKernelSettings.Dynamic"/>, like erl's -sname); <c>not_found</c> when already stopped.
    /// </summary>
    public async Task<string> StopAsync()
    {
        if (!Settings.Dynamic)
            return "not_allowed";
        if (_stop.IsCancellationRequested)
            return "not_found";
        await DisposeAsync().ConfigureAwait(false);
        return "ok";
    }

    /// <summary>Stops the node whoever started it (the host shutting down); see <see cref="StopAsync"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
            return;
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        DistConnection[] open;
        lock (_gate)
            open = [.. _connections.Values];
        foreach (var connection in open)
            connection.Close("net_kernel_terminated");
        _registration.Dispose();
        if (_embeddedEpmd is not null)
            await _embeddedEpmd.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>erlang:register/2 for an actor: reachable from Erlang as <c>{Name, Node} ! Msg</c>.</summary>
    public void Register(string name, IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (name == "net_kernel" || !_registered.TryAdd(name, actor))
            throw new ArgumentException($"{name} is already registered", nameof(name));
    }

    public bool Unregister(string name) => _registered.TryRemove(name, out _);

    /// <summary><c>{Name, Node}</c> as an actor ref.</summary>
    public RemoteProcessRef Remote(string name, string node) => new(this, name, node);

    /// <summary>An Erlang pid as an actor ref.</summary>
    public RemoteProcessRef Remote(ErlPid pid) => new(this, pid);

    /// <summary>The pid Erlang sees for a local actor (allocated on first use).</summary>
    public ErlPid PidOf(IActorRef actor)
    {
        if (actor is RemoteProcessRef { Pid: { } remote })
            return remote;
        return _pidsByActor.GetOrAdd(actor, a =>
        {
            var pid = new ErlPid(NodeAtom, (uint)Interlocked.Increment(ref _nextId) & 0x7FFF_FFFF, 0, Creation);
            _actorsByPid[pid] = a;
            return pid;
        });
    }

    /// <summary>A new reference of this node (NEWER_REFERENCE_EXT with three id words).</summary>
    public ErlRef MakeRef()
    {
        var n = (ulong)Interlocked.Increment(ref _nextId);
        return new ErlRef(NodeAtom, Creation, [(uint)(n & 0x3FFFF), (uint)(n >> 18), (uint)Random.Shared.Next()]);
    }

    private static Socket Listen(string host, NetKernelSettings settings)
    {
        // A localhost name resolves to loopback alone, so no other interface could be asked for; any other host
        // may resolve to any of the machine's addresses, and erl too listens on all of them.
        var address = settings.ListenAddress ?? (host is "localhost" or "127.0.0.1" ? IPAddress.Loopback : IPAddress.Any);
        var min = settings.ListenPortMin;
        var max = Math.Max(settings.ListenPortMax, min);
        for (var port = min; ; port++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(address, port));
                socket.Listen(128);
                return socket;
            }
            catch (SocketException) when (port < max)
            {
                socket.Dispose();
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }

    private static (string Alive, string Host) SplitNodeName(string node)
    {
        var at = node.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == node.Length - 1)
            throw new ArgumentException($"{node} is not a node name alive@host", nameof(node));
        return (node[..at], node[(at + 1)..]);
    }

    /// <summary>The cookie erl uses without -setcookie: <c>~/.erlang.cookie</c>, created if missing.</summary>
    private static string ReadCookieFile()
    {
        var path = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".erlang.cookie");
        if (File.Exists(path))
            return File.ReadAllText(path).Trim();
        var cookie = new string(Enumerable.Range(0, 20).Select(_ => (char)('A' + Random.Shared.Next(26))).ToArray());
        File.WriteAllText(path, cookie);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead);
        return cookie;
    }
}
