using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Enet.Remote.Epmd;

/// <summary>
/// Talks to an EPMD on <paramref name="host"/>:<paramref name="port"/> (erl_dist_protocol "EPMD Protocol"):
/// one TCP connection per request, except ALIVE2 whose connection is the registration.
/// </summary>
public sealed class EpmdClient(string host = "localhost", int port = EpmdRequest.DefaultPort, TimeSpan? timeout = null)
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(5);

    public string Host { get; } = host;

    public int Port { get; } = port;

    /// <summary>True when something accepts TCP connections on the EPMD port.</summary>
    public async Task<bool> IsListeningAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var socket = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// ALIVE2_REQ; the answer is ALIVE2_X_RESP with a 32-bit creation for version-6 nodes, or the older
    /// ALIVE2_RESP with a 16-bit one. Throws <see cref="EpmdException"/> when EPMD refuses (name taken).
    /// </summary>
    public async Task<EpmdRegistration> RegisterAsync(EpmdNodeInfo node, CancellationToken cancellationToken = default)
    {
        var socket = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SendAsync(socket, [EpmdRequest.Alive2Req, .. EpmdCodec.NodeInfo(node)], cancellationToken).ConfigureAwait(false);
            var head = await ReadExactlyAsync(socket, 2, cancellationToken).ConfigureAwait(false);
            if (head[0] is not (EpmdRequest.Alive2XResp or EpmdRequest.Alive2Resp))
                throw new EpmdException($"unexpected ALIVE2 response code {head[0]}");
            if (head[1] != 0)
                throw new EpmdException($"EPMD refused to register {node.Name} (result {head[1]}; is the name in use?)");
            var wide = head[0] == EpmdRequest.Alive2XResp;
            var creation = await ReadExactlyAsync(socket, wide ? 4 : 2, cancellationToken).ConfigureAwait(false);
            return new EpmdRegistration(socket, wide ? BinaryPrimitives.ReadUInt32BigEndian(creation) : BinaryPrimitives.ReadUInt16BigEndian(creation));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>PORT_PLEASE2_REQ: where node <paramref name="name"/> (the part before '@') listens, or null.</summary>
    public async Task<EpmdNodeInfo?> LookupAsync(string name, CancellationToken cancellationToken = default)
    {
        using var socket = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await SendAsync(socket, [EpmdRequest.PortPlease2Req, .. Encoding.UTF8.GetBytes(name)], cancellationToken).ConfigureAwait(false);
        var answer = await ReadToEndAsync(socket, cancellationToken).ConfigureAwait(false);
        if (answer.Length < 2 || answer[0] != EpmdRequest.Port2Resp)
            throw new EpmdException("malformed PORT2_RESP");
        return answer[1] == 0 ? EpmdCodec.ParseNodeInfo(answer.AsSpan(2)) ?? throw new EpmdException("truncated PORT2_RESP") : null;
    }

    /// <summary>NAMES_REQ: every registered name and port, as <c>net_adm:names/0</c> lists them.</summary>
    public async Task<IReadOnlyList<(string Name, int Port)>> NamesAsync(CancellationToken cancellationToken = default)
    {
        using var socket = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await SendAsync(socket, [EpmdRequest.NamesReq], cancellationToken).ConfigureAwait(false);
        var answer = await ReadToEndAsync(socket, cancellationToken).ConfigureAwait(false);
        return EpmdCodec.ParseNames(answer) ?? throw new EpmdException("truncated NAMES response");
    }

    private async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        var addresses = await Dns.GetHostAddressesAsync(Host, timeout.Token).ConfigureAwait(false);
        var address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses[0];
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(address, Port, timeout.Token).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task SendAsync(Socket socket, byte[] body, CancellationToken cancellationToken) =>
        await socket.SendAsync(EpmdCodec.Frame(body), cancellationToken).ConfigureAwait(false);

    private async Task<byte[]> ReadExactlyAsync(Socket socket, int count, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        var buffer = new byte[count];
        var got = 0;
        while (got < count)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(got), timeout.Token).ConfigureAwait(false);
            if (n == 0)
                throw new EpmdException("EPMD closed the connection early");
            got += n;
        }
        return buffer;
    }

    private async Task<byte[]> ReadToEndAsync(Socket socket, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        var output = new MemoryStream();
        var buffer = new byte[4096];
        int n;
        while ((n = await socket.ReceiveAsync(buffer, timeout.Token).ConfigureAwait(false)) > 0)
        {
            output.Write(buffer, 0, n);
            if (output.Length > 1024 * 1024)
                throw new EpmdException("EPMD response larger than 1 MiB");
        }
        return output.ToArray();
    }
}
