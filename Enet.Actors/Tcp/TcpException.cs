namespace Enet.Actors.Tcp;

/// <summary>The cause of an Akka.IO CommandFailed from Enet: which <see cref="TcpError"/>, named as its Erlang atom.</summary>
public sealed class TcpException(TcpError error) : Exception(Atom(error))
{
    public TcpError Error { get; } = error;

    public static string Atom(TcpError error) => error.ToString().ToLowerInvariant();
}
