using System.Net;
using System.Net.Sockets;
using Enet.Tap;

namespace Enet.Benchmarks.Actors;

/// <summary>
/// A Linux TCP connection for the baselines beside Enet's figures: a listener, the one connection it accepts drained
/// on its own thread (counting bytes, as <see cref="TcpByteSink"/> does for Enet), and the client socket to send from.
/// Each socket is made in the namespace given (a socket stays in the namespace it was made in), or in this process's.
/// </summary>
internal sealed class KernelTcpPair : IDisposable
{
    private readonly Socket listener;
    private readonly Thread reader;
    private long received;

    public KernelTcpPair(IPEndPoint server, NetworkNamespace? serverNamespace = null, NetworkNamespace? clientNamespace = null)
    {
        listener = Make(serverNamespace);
        listener.Bind(server);
        listener.Listen(1);
        Client = Make(clientNamespace);
        Client.Connect(listener.LocalEndPoint!); // the port the kernel chose when asked for 0
        var accepted = listener.Accept();
        reader = new Thread(() => Drain(accepted)) { IsBackground = true, Name = $"drain {server}" };
        reader.Start();
    }

    public Socket Client { get; }

    public long Received => Interlocked.Read(ref received);

    /// <summary>Sends <paramref name="bytes"/> in <paramref name="chunk"/>-sized pieces and spins until
    /// <paramref name="counted"/> has gone up by as many (at most a minute).</summary>
    public static void Send(Socket socket, byte[] chunk, int bytes, Func<long> counted)
    {
        var target = counted() + bytes;
        for (var sent = 0; sent < bytes; sent += chunk.Length)
            socket.Send(chunk);
        ByteArrival.Await(counted, target, bytes);
    }

    public void Dispose()
    {
        Client.Dispose();
        listener.Dispose();
        reader.Join(TimeSpan.FromSeconds(5));
    }

    private static Socket Make(NetworkNamespace? where) => where is null
        ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
        : where.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));

    private void Drain(Socket socket)
    {
        var buffer = new byte[256 * 1024];
        using (socket)
            try
            {
                int read;
                while ((read = socket.Receive(buffer)) > 0)
                    Interlocked.Add(ref received, read);
            }
            catch (SocketException)
            {
                // The client went at clean-up.
            }
    }
}
