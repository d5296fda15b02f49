using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Akka.Actor;
using Akka.Event;
using Akka.Remote.Transport;
using Enet.Configuration;
using Config = Akka.Configuration.Config;

namespace Enet.Remote.AkkaRemote.Tcp;

/// <summary>
/// Akka.Remote's TCP transport on .NET sockets, in place of Akka's DotNetty one (reference.conf names it as
/// <c>akka.remote.dot-netty.tcp.transport-class</c>; the section's keys keep their meaning). On the wire it is
/// DotNetty's: each PDU behind a 4-byte length (byte-order), optionally inside TLS, so plain Akka.NET systems remain
/// peers. Why not DotNetty: a failed outbound TLS handshake makes DotNetty's transport shut the whole node down (any
/// peer that rejects our certificate, speaks another TLS version or drops the connection mid-handshake could end it),
/// and each message crosses two more threads and two more copies there. Here a failed handshake is a failed
/// association, nothing more; writes go out from the writer's thread after its turn (a burst in one syscall), and
/// reads hand each frame to Akka's protocol layer from the socket's completion.
/// </summary>
public sealed class EnetTcpTransport : Transport
{
    private static readonly TimeSpan AcceptPause = TimeSpan.FromMilliseconds(100);

    private readonly TcpTransportSettings settings;
    private readonly AkkaTlsSetup? tls;
    private readonly ILoggingAdapter log;
    private readonly TaskCompletionSource<IAssociationEventListener> listenerPromise = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<SocketAssociation, byte> associations = new();
    private readonly CancellationTokenSource stopped = new();
    private Socket? listener;

    public EnetTcpTransport(ActorSystem system, Config config)
    {
        System = system;
        Config = config;
        settings = TcpTransportSettings.From(config);
        var setup = system.Settings.Setup.Get<AkkaTlsSetup>();
        tls = setup.HasValue ? setup.Value : null;
        if (settings.EnableSsl && tls is null)
            throw new Akka.Configuration.ConfigurationException("akka.remote.dot-netty.tcp.enable-ssl is on, but enet.remote.tls names no certificate");
        log = Logging.GetLogger(system, typeof(EnetTcpTransport));
        FlushWait = system.Settings.Config.GetTimeSpan("akka.remote.flush-wait-on-shutdown", TimeSpan.FromSeconds(2));
        SchemeIdentifier = settings.EnableSsl ? "ssl.tcp" : "tcp";
        MaximumPayloadBytes = settings.MaxFrameSize;
    }

    /// <summary>This transport's own address (the protocol layer adds <c>akka.</c> to its scheme).</summary>
    internal Address LocalAddress { get; private set; } = Address.AllSystems;

    internal TcpTransportSettings Settings => settings;

    internal ILoggingAdapter Log => log;

    /// <summary>akka.remote.flush-wait-on-shutdown: how long a half-closed connection waits for the peer to close its end.</summary>
    internal TimeSpan FlushWait { get; }

    public override bool IsResponsibleFor(Address remote) => true;

    public override async Task<(Address, TaskCompletionSource<IAssociationEventListener>)> Listen()
    {
        var endpoint = await ResolveAsync(settings.Hostname, settings.Port).ConfigureAwait(false);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endpoint);
            socket.Listen(settings.Backlog);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        listener = socket;
        var bound = (IPEndPoint)socket.LocalEndPoint!;
        LocalAddress = new Address(SchemeIdentifier, System.Name, HostName(settings.PublicHostname, bound.Address), settings.PublicPort ?? bound.Port);
        // Nothing is accepted before Akka's protocol layer listens: an inbound association needs someone to tell.
        _ = listenerPromise.Task.ContinueWith(t => AcceptLoopAsync(socket, t.Result), TaskContinuationOptions.OnlyOnRanToCompletion);
        return (LocalAddress, listenerPromise);
    }

    public override async Task<AssociationHandle> Associate(Address remoteAddress)
    {
        if (remoteAddress is not { Host: { } host, Port: { } port })
            throw new InvalidAssociationException($"{remoteAddress} names no host and port");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopped.Token);
        timeout.CancelAfter(settings.ConnectTimeout);
        Socket? socket = null;
        try
        {
            var endpoint = await ResolveAsync(host, port).ConfigureAwait(false);
            // As DotNetty: an address that is "any" means this machine.
            if (endpoint.Address.Equals(IPAddress.Any) || endpoint.Address.Equals(IPAddress.IPv6Any))
                endpoint = new IPEndPoint(endpoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, port);
            socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            Configure(socket);
            await socket.ConnectAsync(endpoint, timeout.Token).ConfigureAwait(false);
            var stream = await SecureAsync(socket, host, outbound: true, timeout.Token).ConfigureAwait(false);
            return Register(new SocketAssociation(this, Map((IPEndPoint)socket.LocalEndPoint!), remoteAddress, socket, stream));
        }
        catch (Exception e) when (e is not InvalidAssociationException)
        {
            // A failed connect or TLS handshake fails this association and nothing else (DotNetty shuts the node down
            // on a failed outbound handshake).
            socket?.Dispose();
            var why = e is OperationCanceledException ? $"no connection within {settings.ConnectTimeout}" : e.Message;
            throw new InvalidAssociationException($"Failed to associate with {remoteAddress}: {why}", e);
        }
    }

    /// <summary>
    /// Stops accepting; connections the protocol layer has disassociated get up to flush-wait-on-shutdown to write
    /// their last PDUs and hear the peer close (as DotNetty waits for them), then every connection is closed.
    /// </summary>
    public override async Task<bool> Shutdown()
    {
        stopped.Cancel();
        listener?.Dispose();
        var closing = associations.Keys.Where(a => a.IsClosing).Select(a => a.Ended).ToArray();
        if (closing.Length > 0)
            await Task.WhenAny(Task.WhenAll(closing), Task.Delay(FlushWait)).ConfigureAwait(false);
        foreach (var association in associations.Keys)
            association.Close();
        return true;
    }

    internal void Forget(SocketAssociation association) => associations.TryRemove(association, out _);

    private SocketAssociation Register(SocketAssociation association)
    {
        associations[association] = 0;
        if (stopped.IsCancellationRequested)
            association.Close();
        return association;
    }

    private async Task AcceptLoopAsync(Socket socket, IAssociationEventListener upstream)
    {
        while (!stopped.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await socket.AcceptAsync(stopped.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // Out of descriptors, say, or a connection reset before it was accepted: the listener itself is fine,
                // and a pause keeps a lasting shortage from spinning this loop.
                log.Warning("Accepting a connection failed: {0}", e.Message);
                try
                {
                    await Task.Delay(AcceptPause, stopped.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                continue;
            }
            _ = InboundAsync(accepted, upstream);
        }
    }

    /// <summary>An accepted connection becomes an association once its TLS handshake (if any) is over; a failed one is closed.</summary>
    private async Task InboundAsync(Socket socket, IAssociationEventListener upstream)
    {
        var peer = (IPEndPoint)socket.RemoteEndPoint!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopped.Token);
        timeout.CancelAfter(settings.ConnectTimeout);
        try
        {
            Configure(socket);
            var stream = await SecureAsync(socket, peer.Address.ToString(), outbound: false, timeout.Token).ConfigureAwait(false);
            // The peer's Akka address comes in its Associate; until then it is named by its socket, as DotNetty names it.
            var association = Register(new SocketAssociation(this, Map((IPEndPoint)socket.LocalEndPoint!), Map(peer), socket, stream));
            upstream.Notify(new InboundAssociation(association));
        }
        catch (Exception e)
        {
            socket.Dispose();
            if (!stopped.IsCancellationRequested)
                log.Warning("Rejected an inbound connection from {0}: {1} ({2})", peer, settings.EnableSsl ? "TLS handshake failure" : "it failed", e.Message);
        }
    }

    /// <summary>The stream a connection's bytes pass: the socket's own, or TLS over it (mutual, enet.remote.tls).</summary>
    private async Task<Stream> SecureAsync(Socket socket, string host, bool outbound, CancellationToken cancel)
    {
        var plain = new NetworkStream(socket, ownsSocket: true);
        if (!settings.EnableSsl)
            return plain;
        var secure = new SslStream(plain, leaveInnerStreamOpen: false);
        try
        {
            if (outbound)
                await secure.AuthenticateAsClientAsync(tls!.ClientOptions(host), cancel).ConfigureAwait(false);
            else
                await secure.AuthenticateAsServerAsync(tls!.ServerOptions(), cancel).ConfigureAwait(false);
            return secure;
        }
        catch
        {
            await secure.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void Configure(Socket socket)
    {
        socket.NoDelay = settings.TcpNoDelay;
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, settings.TcpKeepAlive);
        if (settings.SendBufferSize is { } send)
            socket.SendBufferSize = send;
        if (settings.ReceiveBufferSize is { } receive)
            socket.ReceiveBufferSize = receive;
    }

    private Address Map(IPEndPoint endpoint) => new(SchemeIdentifier, System.Name, HostName("", endpoint.Address), endpoint.Port);

    /// <summary>A configured name as is, else the address (IPv6 in brackets, as Akka writes it).</summary>
    private static string HostName(string configured, IPAddress bound)
    {
        if (configured.Length > 0 && !IPAddress.TryParse(configured, out _))
            return configured;
        var ip = configured.Length > 0 ? IPAddress.Parse(configured) : bound;
        return ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString();
    }

    private async Task<IPEndPoint> ResolveAsync(string host, int port)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var ip))
            return new IPEndPoint(ip, port);
        var family = settings.DnsUseIpv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        var found = (await Dns.GetHostAddressesAsync(host, family).ConfigureAwait(false)).FirstOrDefault()
            ?? throw new InvalidAssociationException($"{host} has no {family} address");
        return new IPEndPoint(found, port);
    }
}
