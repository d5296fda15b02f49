using System.Text;
using Enet.Actors.GenTcp;
using Enet.Actors.Http;
using Enet.Actors.Inet;
using Enet.Codecs;
using Akka.Actor;
using Enet.TestKit;
using Enet.Tests.Actors;
using Xunit;

namespace Enet.Tests.Http;


/// <summary>The http host service (RFC 9112) on an Enet host, asked by an Enet client over the in-memory wire.</summary>
public sealed class HttpServiceTests : NetworkTestKit
{
    private static readonly Ipv4Address AddressA = new(192, 0, 2, 1);
    private static readonly Ipv4Address AddressB = new(192, 0, 2, 2);
    private static readonly TimeSpan Wire = TimeSpan.FromSeconds(5);

    private async Task<TcpSocket> Client()
    {
        await Network.AddHostAsync("a", TestFrames.HostA, $"{AddressA}/24", services: ["arp", "icmp", "http"]);
        var b = await Network.AddHostAsync("b", TestFrames.HostB, $"{AddressB}/24");
        // The service binds as its host starts; until then the port is refused.
        var deadline = DateTime.UtcNow + Wire;
        while (true)
        {
            try
            {
                return await TcpSocket.ConnectAsync(Sys, b.Interfaces.Values.Single().Tcp!, AddressA, HttpService.Port, timeout: Wire);
            }
            catch (InetException e) when (e.Reason == Posix.Econnrefused && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
    }

    /// <summary>Reads one response: its head, then exactly Content-Length bytes of body (none for HEAD).</summary>
    private static async Task<(string Head, string Body)> Response(TcpSocket socket, List<byte> pending, bool head = false)
    {
        while (Encoding.ASCII.GetString([.. pending]).IndexOf("\r\n\r\n", StringComparison.Ordinal) is var end && end < 0)
            pending.AddRange((await socket.RecvAsync(0, Wire)).Span);
        var text = Encoding.ASCII.GetString([.. pending]);
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var responseHead = text[..headEnd];
        var length = int.Parse(responseHead.Split("\r\n").Single(l => l.StartsWith("Content-Length:", StringComparison.Ordinal)).Split(':')[1].Trim(),
            System.Globalization.CultureInfo.InvariantCulture);
        pending.RemoveRange(0, headEnd + 4);
        var bodyLength = head ? 0 : length;
        while (pending.Count < bodyLength)
            pending.AddRange((await socket.RecvAsync(0, Wire)).Span);
        var body = Encoding.UTF8.GetString([.. pending.GetRange(0, bodyLength)]);
        pending.RemoveRange(0, bodyLength);
        return (responseHead, body);
    }

    private static Task Send(TcpSocket socket, string request) => socket.SendAsync(Encoding.ASCII.GetBytes(request));

    [Fact]
    public async Task Get_slash_answers_the_status_page_with_its_exact_length_twice_on_one_kept_alive_connection()
    {
        await using var socket = await Client();
        var pending = new List<byte>();
        await Send(socket, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        var (head, body) = await Response(socket, pending);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", head);
        Assert.Contains("Enet host a", body);
        Assert.Contains("192.0.2.1/24", body);
        Assert.DoesNotContain("Connection: close", head);
        // Pipelined: both answered in order on the same connection.
        await Send(socket, "GET /nothing HTTP/1.1\r\nHost: a\r\n\r\nHEAD / HTTP/1.1\r\nHost: a\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 404 Not Found\r\n", (await Response(socket, pending)).Head);
        var headOnly = await Response(socket, pending, head: true);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", headOnly.Head);
        Assert.Empty(pending);
    }

    [Fact]
    public async Task Connection_close_and_http_1_0_end_the_connection_after_the_response()
    {
        await using var socket = await Client();
        var pending = new List<byte>();
        await Send(socket, "GET / HTTP/1.0\r\n\r\n");
        var (head, _) = await Response(socket, pending);
        Assert.Contains("Connection: close", head);
        Assert.Equal(Posix.Closed, (await Assert.ThrowsAsync<InetException>(() => socket.RecvAsync(0, Wire))).Reason);
    }

    [Fact]
    public async Task Other_methods_are_405_and_garbage_is_400()
    {
        await using var socket = await Client();
        var pending = new List<byte>();
        await Send(socket, "DELETE / HTTP/1.1\r\n\r\n");
        var (head, _) = await Response(socket, pending);
        Assert.StartsWith("HTTP/1.1 405 Method Not Allowed\r\n", head);
        Assert.Contains("Allow: GET, HEAD", head);
        await Send(socket, "nonsense\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", (await Response(socket, pending)).Head);
    }
}
