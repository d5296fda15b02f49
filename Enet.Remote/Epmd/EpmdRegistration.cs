using System.Net.Sockets;

namespace Enet.Remote.Epmd;

/// <summary>
/// A node's ALIVE2 registration. EPMD keeps the entry exactly as long as this socket stays open
/// (erl_dist_protocol "Unregister a Node from EPMD"), so disposing it unregisters the node.
/// </summary>
public sealed class EpmdRegistration(Socket socket, uint creation) : IDisposable
{
    private readonly Socket _socket = socket;

    /// <summary>The 32-bit creation EPMD assigned; it goes into every pid, port and reference of the node.</summary>
    public uint Creation { get; } = creation;

    public void Dispose() => _socket.Dispose();
}
