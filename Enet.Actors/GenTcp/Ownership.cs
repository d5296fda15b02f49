using Enet.Actors.Inet;
using Akka.Actor;

namespace Enet.Actors.GenTcp;

/// <summary>gen_tcp:controlling_process for listen and connection sockets alike.</summary>
internal static class Ownership
{
    /// <summary>gen_tcp(3): "If called by any other process than the current controlling process, {error, not_owner} is
    /// returned." The socket watches its owner: its death closes the socket.</summary>
    public static void Transfer(IActorContext context, GenTcp.ControllingProcess command, ref IActorRef owner)
    {
        var caller = context.Sender;
        if (!caller.Equals(owner))
        {
            caller.Tell(new GenTcp.Error(command, Posix.NotOwner), context.Self);
            return;
        }
        context.Unwatch(owner);
        owner = command.NewOwner;
        context.Watch(owner);
        caller.Tell(GenTcp.Ok.Instance, context.Self);
    }
}
