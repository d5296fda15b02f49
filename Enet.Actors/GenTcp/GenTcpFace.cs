using Enet.Actors.Inet;
using Enet.Actors.Tcp;
using Akka.Actor;
using IoTcp = Akka.IO.Tcp;

namespace Enet.Actors.GenTcp;

/// <summary>gen_tcp's face for the layer: connections made for a gen_tcp connect or listen are
/// <see cref="TcpSocketActor"/>s with <paramref name="options"/>, owned by <paramref name="owner"/> (the listen
/// socket until accept), answering <paramref name="replyTo"/>; a refused command is {error, Reason}.</summary>
internal sealed class GenTcpFace(TcpSocketOptions options, IActorRef owner, IActorRef replyTo) : IConnectionFace
{
    public Props Props(TcpConnectionShell.Endpoint endpoint, TcpConnectionShell.Opening opening) =>
        ActorProps.Create(() => new TcpSocketActor(endpoint, opening, options.WithLayer(endpoint.Settings), owner, replyTo));

    public object Refused(IoTcp.Command command, TcpError error) => new GenTcp.Error(command, GenTcp.Reason(error));
}
