using System.Net;
using System.Net.Sockets;
using Enet.Tap;

namespace Enet.Benchmarks.Actors;

/// <summary>
/// A Linux discard server (RFC 863) for the baseline beside Enet's discard service: every connection it accepts is
/// read to its end on a thread of its own and then closed, so the client's FIN is answered with the server's, as
/// Enet's discard answers it. <see cref="Push"/> is the client both are timed with.
/// </summary>
internal sealed class KernelDiscard : IDisposable
{
    private readonly Socket listener;
    private readonly Thread acceptor;

    public KernelDiscard(IPEndPoint endpoint, NetworkNamespace where)
    {
        listener = where.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        listener.Bind(endpoint);
        listener.Listen(16);
        acceptor = new Thread(Accept) { IsBackground = true, Name = $"discard {endpoint}" };
        acceptor.Start();
    }

    /// <summary>Opens a connection from <paramref name="from"/>, sends <paramref name="bytes"/> in <paramref name="chunk"/>s,
    /// shuts its sending side and waits for the server's close: the time of one whole push, handshake to FIN.</summary>
    public static void Push(NetworkNamespace from, IPEndPoint server, byte[] chunk, long bytes)
    {
        using var socket = from.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        socket.ReceiveTimeout = 60_000;
        socket.Connect(server);
        for (long sent = 0; sent < bytes; sent += chunk.Length)
            socket.Send(chunk);
        socket.Shutdown(SocketShutdown.Send);
        if (socket.Receive(new byte[1]) != 0)
            throw new InvalidOperationException("a discard server sent data");
    }

    public void Dispose()
    {
        listener.Dispose();
        acceptor.Join(TimeSpan.FromSeconds(5));
    }

    private void Accept()
    {
        try
        {
            while (true)
            {
                var accepted = listener.Accept();
                new Thread(() => Drain(accepted)) { IsBackground = true, Name = "discard drain" }.Start();
            }
        }
        catch (SocketException)
        {
            // Disposed at clean-up.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static void Drain(Socket socket)
    {
        var buffer = new byte[256 * 1024];
        using (socket)
            try
            {
                while (socket.Receive(buffer) > 0)
                {
                }
            }
            catch (SocketException)
            {
                // The client went away.
            }
    }
}
