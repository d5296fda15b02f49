using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Akka.Event;
using Enet.Remote.Distribution;

namespace Enet.Remote.Epmd;

/// <summary>
/// An embedded EPMD speaking the same protocol as OTP's <c>epmd</c> daemon (erl_dist_protocol "EPMD
/// Protocol"), started when nothing listens on the EPMD port so a single machine needs nothing else.
/// Real <c>erl</c> nodes register with it and look names up in it like with the daemon.
/// </summary>
public sealed class EpmdServer : IAsyncDisposable
{
    private const int MaxRequest = 1024;

    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, EpmdNodeInfo> _nodes = new(StringComparer.Ordinal);
    private readonly Task _accepting;

    private EpmdServer(Socket listener, ILoggingAdapter log)
    {
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        // Outlives a failed accept (out of descriptors under a connection flood) as the node's own listener does.
        _accepting = new AcceptLoop(_listener.AcceptAsync, client => _ = ServeAsync(client), log, $"embedded epmd on port {Port}")
            .RunAsync(_stop.Token);
    }

    public int Port { get; }

    /// <summary>The names registered now, as NAMES_REQ reports them.</summary>
    public IReadOnlyCollection<EpmdNodeInfo> Nodes => _nodes.Values.ToArray();

    /// <summary>Listens on the loopback address; port 0 picks a free one. Accept failures go to <paramref name="log"/>.</summary>
    public static EpmdServer Start(int port = EpmdRequest.DefaultPort, IPAddress? address = null, ILoggingAdapter? log = null)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(address ?? IPAddress.Loopback, port));
            listener.Listen(64);
            return new EpmdServer(listener, log ?? NoLogger.Instance);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private async Task ServeAsync(Socket client)
    {
        string? registered = null;
        try
        {
            var head = new byte[2];
            if (!await ReadExactlyAsync(client, head, 0).ConfigureAwait(false))
                return;
            var length = BinaryPrimitives.ReadUInt16BigEndian(head);
            if (length is 0 or > MaxRequest)
                return;
            var body = new byte[length];
            if (!await ReadExactlyAsync(client, body, 0).ConfigureAwait(false))
                return;
            switch (body[0])
            {
                case EpmdRequest.Alive2Req:
                    registered = await RegisterAsync(client, body).ConfigureAwait(false);
                    if (registered is not null)
                    {
                        // The registration lives as long as the connection (erl_dist_protocol).
                        var sink = new byte[64];
                        while (await client.ReceiveAsync(sink, _stop.Token).ConfigureAwait(false) > 0)
                        {
                        }
                    }
                    break;
                case EpmdRequest.PortPlease2Req:
                    var name = Encoding.UTF8.GetString(body, 1, body.Length - 1);
                    byte[] answer = _nodes.TryGetValue(name, out var info)
                        ? [EpmdRequest.Port2Resp, 0, .. EpmdCodec.NodeInfo(info)]
                        : [EpmdRequest.Port2Resp, 1];
                    await client.SendAsync(answer, _stop.Token).ConfigureAwait(false);
                    break;
                case EpmdRequest.NamesReq:
                case EpmdRequest.DumpReq:
                    await client.SendAsync(NamesResponse(), _stop.Token).ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            if (registered is not null)
                _nodes.TryRemove(registered, out _);
            client.Dispose();
        }
    }

    private async Task<string?> RegisterAsync(Socket client, byte[] body)
    {
        var info = EpmdCodec.ParseNodeInfo(body.AsSpan(1));
        var accepted = info is not null && info.Name.Length > 0 && _nodes.TryAdd(info.Name, info);
        var response = new byte[6];
        response[0] = EpmdRequest.Alive2XResp;
        response[1] = accepted ? (byte)0 : (byte)1;
        // Creation is never 0: 0 stopped being a wildcard in OTP 23 (erlang/otp#5347).
        BinaryPrimitives.WriteUInt32BigEndian(response.AsSpan(2), (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue));
        await client.SendAsync(response, _stop.Token).ConfigureAwait(false);
        return accepted ? info!.Name : null;
    }

    private byte[] NamesResponse()
    {
        var text = new StringBuilder();
        foreach (var node in _nodes.Values)
            text.Append("name ").Append(node.Name).Append(" at port ").Append(node.Port).Append('\n');
        var lines = Encoding.UTF8.GetBytes(text.ToString());
        var response = new byte[4 + lines.Length];
        BinaryPrimitives.WriteUInt32BigEndian(response, (uint)Port);
        lines.CopyTo(response, 4);
        return response;
    }

    private async Task<bool> ReadExactlyAsync(Socket client, byte[] buffer, int got)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (got < buffer.Length)
        {
            var n = await client.ReceiveAsync(buffer.AsMemory(got), timeout.Token).ConfigureAwait(false);
            if (n == 0)
                return false;
            got += n;
        }
        return true;
    }
}
