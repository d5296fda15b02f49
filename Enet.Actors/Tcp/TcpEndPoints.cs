using Enet.Actors.Inet;
using IoTcp = Akka.IO.Tcp;

namespace Enet.Actors.Tcp;

/// <summary>The endpoints of Akka.IO's Connected and Bound as the stack names them. Enet's TCP makes only IP
/// endpoints, so anything else here is a bug.</summary>
public static class TcpEndPoints
{
    public static ConnectionId Id(IoTcp.Connected connected)
    {
        var (local, localPort) = Inet(connected.LocalAddress);
        var (remote, remotePort) = Inet(connected.RemoteAddress);
        return new ConnectionId(local, localPort, remote, remotePort);
    }

    /// <summary>The listening address and port; the remote half is unset.</summary>
    public static ConnectionId Local(IoTcp.Bound bound)
    {
        var (local, port) = Inet(bound.LocalAddress);
        return new ConnectionId(local, port, default, 0);
    }

    private static (InetAddress Address, ushort Port) Inet(System.Net.EndPoint endPoint) =>
        EndPoints.TryInet(endPoint, out var address, out var port) && endPoint is not null
            ? (address, port)
            : throw new InvalidOperationException($"not an IP endpoint: {endPoint}");
}
