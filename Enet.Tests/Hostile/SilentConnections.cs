using System.Net;
using System.Net.Sockets;

namespace Enet.Tests.Hostile;

/// <summary>Connections to a loopback port that never send a byte (an attacker holding sockets open); closed on Dispose.</summary>
public sealed class SilentConnections : IDisposable
{
    private readonly List<Socket> _sockets = [];

    private SilentConnections()
    {
    }

    public IReadOnlyList<Socket> Sockets => _sockets;

    public static async Task<SilentConnections> OpenAsync(int port, int count)
    {
        var connections = new SilentConnections();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                connections._sockets.Add(socket);
                await socket.ConnectAsync(IPAddress.Loopback, port);
            }
            return connections;
        }
        catch
        {
            connections.Dispose();
            throw;
        }
    }

    public void Dispose() => _sockets.ForEach(s => s.Dispose());
}
