using Akka.Actor;
using IoTcp = Akka.IO.Tcp;

namespace Enet.Actors.Tcp;

/// <summary>
/// Which face a connection shows its user, chosen with the Connect or Bind that makes it: Akka.IO's
/// (<see cref="TcpConnection.Face"/>) or gen_tcp's (<see cref="GenTcp.GenTcpFace"/>). The layer makes each connection
/// actor with <see cref="Props"/> and answers a command it refuses with <see cref="Refused"/>, in the face's terms.
/// </summary>
internal interface IConnectionFace
{
    Props Props(TcpConnectionShell.Endpoint endpoint, TcpConnectionShell.Opening opening);

    object Refused(IoTcp.Command command, TcpError error);
}
