using Enet.Remote.Etf;
using Akka.Actor;

namespace Enet.Tests.Remote;

/// <summary>enet_echo: answers <c>{Pid, Term}</c> by sending <c>{enet_echo, Term}</c> back to the sender.</summary>
public sealed class EchoActor : ReceiveActor
{
    public EchoActor() =>
        Receive<ErlTuple>(t => t.Arity == 2, t => Sender.Tell(new ErlTuple(new ErlAtom("enet_echo"), t[1]), Self));
}
