using System.Net;
using System.Text;
using Enet.Actors.GenTcp;
using Enet.Actors.Inet;
using Enet.Actors.Ip;
using Enet.Codecs;
using Akka.Actor;

namespace Enet.Actors.Http;

/// <summary>
/// A small HTTP/1.1 server (RFC 9112) on TCP port 80, written on the public gen_tcp socket API: GET / (and HEAD) answer
/// a status page naming the host, its interface and the service's counters; other paths are 404, other methods 405.
/// Connections are persistent unless the client says close (RFC 9112 9.3), every response carries Content-Length
/// (RFC 9112 6.3), and pipelined requests are answered in order. Bounded: header bytes per request and open
/// connections; beyond them a 431 or a close.
/// </summary>
public sealed class HttpService : ReceiveActor
{
    public const ushort Port = 80;

    /// <summary>Bytes of a request head (request line and fields) kept before the request is refused with 431.</summary>
    public const int MaxHeader = 8192;

    public const int MaxConnections = 256;

    private static readonly byte[] EndOfHead = "\r\n\r\n"u8.ToArray();

    private readonly IActorRef tcp;
    private readonly string hostName;
    private readonly string interfaceName;
    private readonly IReadOnlyList<Ipv4Cidr> addresses;
    private readonly ushort port;
    private readonly Dictionary<IActorRef, List<byte>> connections = [];
    private IActorRef? listen;
    private long requests;

    public HttpService(IActorRef tcp, string hostName, string interfaceName, IReadOnlyList<Ipv4Cidr> addresses, ushort port)
    {
        this.tcp = tcp;
        this.hostName = hostName;
        this.interfaceName = interfaceName;
        this.addresses = addresses;
        this.port = port;
        Receive<GenTcp.GenTcp.Listening>(l =>
        {
            listen = l.Socket;
            AcceptNext();
        });
        Receive<GenTcp.GenTcp.Accepted>(a =>
        {
            if (connections.Count >= MaxConnections)
                a.Socket.Tell(GenTcp.GenTcp.Close.Instance, Self);
            else
                connections[a.Socket] = [];
            AcceptNext();
        });
        Receive<GenTcp.GenTcp.Error>(e =>
        {
            if (e.Command is Akka.IO.Tcp.Bind)
                throw new InvalidOperationException($"http could not listen on port {port}: {Inet.Inet.Atom(e.Reason)}");
        });
        Receive<GenTcp.GenTcp.Data>(d => OnData(d.Socket, d.Packet));
        Receive<GenTcp.GenTcp.TcpClosed>(c => connections.Remove(c.Socket));
        Receive<GenTcp.GenTcp.TcpError>(_ => { });
        Receive<GenTcp.GenTcp.Ok>(_ => { });
    }

    public static Props Props(IActorRef tcp, string hostName, string interfaceName, IReadOnlyList<Ipv4Cidr> addresses, ushort port = Port) =>
        ActorProps.Create(() => new HttpService(tcp, hostName, interfaceName, addresses, port));

    protected override void PreStart() =>
        GenTcp.GenTcp.Listen(Context.System, tcp, port, [InetOption.Family(InetFamily.Inet6), GenTcpOption.Backlog(128), GenTcpOption.NoDelay(true)], Self, Self);

    protected override void PostStop()
    {
        listen?.Tell(GenTcp.GenTcp.Close.Instance, ActorRefs.NoSender);
        foreach (var socket in connections.Keys)
            socket.Tell(GenTcp.GenTcp.Close.Instance, ActorRefs.NoSender);
    }

    private void AcceptNext() => listen?.Tell(new GenTcp.GenTcp.Accept(), Self);

    private void OnData(IActorRef socket, Bytes data)
    {
        if (!connections.TryGetValue(socket, out var buffer))
            return;
        buffer.AddRange(data.Span);
        while (true)
        {
            var end = buffer.ToArray().AsSpan().IndexOf(EndOfHead);
            if (end < 0)
            {
                if (buffer.Count > MaxHeader)
                    Respond(socket, 431, "Request Header Fields Too Large", "request head too large\n", head: false, close: true);
                return;
            }
            var head = Encoding.Latin1.GetString(buffer.GetRange(0, end).ToArray());
            buffer.RemoveRange(0, end + EndOfHead.Length);
            if (!Answer(socket, head))
                return;
        }
    }

    /// <summary>One request head; false when the connection is being closed.</summary>
    private bool Answer(IActorRef socket, string head)
    {
        var lines = head.Split("\r\n");
        var request = lines[0].Split(' ');
        // RFC 9112 3: request-line = method SP request-target SP HTTP-version.
        if (request.Length != 3 || !request[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            Respond(socket, 400, "Bad Request", "bad request\n", head: false, close: true);
            return false;
        }
        var (method, target, version) = (request[0], request[1], request[2]);
        var connection = lines.Skip(1).Select(l => l.Split(':', 2)).Where(f => f.Length == 2 &&
            f[0].Trim().Equals("Connection", StringComparison.OrdinalIgnoreCase)).Select(f => f[1].Trim().ToLowerInvariant()).FirstOrDefault();
        // RFC 9112 9.3: HTTP/1.1 persists unless "close"; HTTP/1.0 only with "keep-alive".
        var close = version == "HTTP/1.0" ? connection != "keep-alive" : connection == "close";
        // A request body is not expected by any resource here; one announced is refused rather than misread.
        if (lines.Skip(1).Any(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase) && l.Split(':', 2)[1].Trim() != "0" ||
            l.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase)))
        {
            Respond(socket, 413, "Content Too Large", "no request bodies here\n", head: false, close: true);
            return false;
        }
        requests++;
        if (method is not ("GET" or "HEAD"))
            Respond(socket, 405, "Method Not Allowed", "only GET and HEAD\n", head: false, close, "Allow: GET, HEAD\r\n");
        else if (target != "/")
            Respond(socket, 404, "Not Found", "not found\n", method == "HEAD", close);
        else
            Respond(socket, 200, "OK", Page(), method == "HEAD", close, contentType: "text/html; charset=utf-8");
        return !close;
    }

    private string Page()
    {
        var list = string.Join("", addresses.Select(a => $"<li>{WebUtility.HtmlEncode(interfaceName)} {a}</li>"));
        return $"<!DOCTYPE html>\n<html><head><title>Enet {WebUtility.HtmlEncode(hostName)}</title></head><body>\n" +
            $"<h1>Enet host {WebUtility.HtmlEncode(hostName)}</h1>\n<ul>{list}</ul>\n" +
            $"<p>requests {requests}, connections {connections.Count}</p>\n</body></html>\n";
    }

    private void Respond(IActorRef socket, int status, string reason, string body, bool head, bool close, string extra = "",
        string contentType = "text/plain; charset=utf-8")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var response = $"HTTP/1.1 {status} {reason}\r\nServer: Enet\r\nContent-Type: {contentType}\r\nContent-Length: {bytes.Length}\r\n" +
            $"{extra}{(close ? "Connection: close\r\n" : "")}\r\n";
        var message = head ? Encoding.ASCII.GetBytes(response) : [.. Encoding.ASCII.GetBytes(response), .. bytes];
        socket.Tell(new GenTcp.GenTcp.Send(message), Self);
        if (close)
        {
            socket.Tell(GenTcp.GenTcp.Close.Instance, Self);
            connections.Remove(socket);
        }
    }
}
