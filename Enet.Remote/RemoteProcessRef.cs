using Enet.Remote.Etf;
using Akka.Actor;
using Akka.Dispatch.SysMsg;

namespace Enet.Remote;

/// <summary>
/// An Erlang process (or a registered name on a node) as an actor ref: <see cref="Tell"/> sends SEND or
/// REG_SEND over the distribution connection, connecting first if needed. Messages must be terms
/// (or values <see cref="TermMapping"/> maps to terms). While the connection is busy (its queue past
/// <see cref="NetKernelSettings.DistBufBusyLimit"/>) <see cref="Tell"/> waits, as OTP suspends the sender;
/// <see cref="NetKernel.SendNoSuspend"/> drops instead.
/// </summary>
public sealed class RemoteProcessRef : MinimalActorRef
{
    private readonly NetKernel _kernel;

    internal RemoteProcessRef(NetKernel kernel, ErlPid pid)
    {
        _kernel = kernel;
        Pid = pid;
        Node = pid.Node.Name;
    }

    internal RemoteProcessRef(NetKernel kernel, string name, string node)
    {
        _kernel = kernel;
        RegisteredName = name;
        NameAtom = new ErlAtom(name);
        Node = node;
    }

    /// <summary>The process, or null for a <c>{Name, Node}</c> ref.</summary>
    public ErlPid? Pid { get; }

    public string? RegisteredName { get; }

    public string Node { get; }

    /// <summary><c>erl://name@host/Id.Serial.Creation</c> (or <c>/Name</c>): the node's address and the process in it.
    /// Akka compares refs by path, so two refs to one process are equal. Built on first use: a ref is made for every
    /// message that arrives with a sender.</summary>
    public override ActorPath Path => field ??= new RootActorPath(NodeAddress(Node))
        / (Pid is { } pid ? $"{pid.Id}.{pid.Serial}.{pid.Creation}" : RegisteredName!);

    public override IActorRefProvider Provider => ((ExtendedActorSystem)_kernel.System).Provider;

    /// <summary>The registered name as an atom, or null for a pid ref.</summary>
    internal ErlAtom? NameAtom { get; }

    /// <summary>The term that names this process in control messages: its pid or its registered name.</summary>
    public Term Target => Pid ?? (Term)NameAtom!;

    protected override void TellInternal(object message, IActorRef sender) =>
        _kernel.SendToRemote(this, TermMapping.ToTerm(message), sender);

    /// <summary>
    /// DeathWatch across nodes: Context.Watch / Unwatch (Akka's Watch and Unwatch system messages) become MONITOR_P /
    /// DEMONITOR_P. Stopping a remote process is not the runtime's to do (that is an exit signal), so the other
    /// system messages are ignored.
    /// </summary>
    public override void SendSystemMessage(ISystemMessage message)
    {
        switch (message)
        {
            case Watch watch when Equals(watch.Watchee, this):
                _kernel.Watch(watch.Watcher, this);
                break;
            case Unwatch unwatch when Equals(unwatch.Watchee, this):
                _kernel.Unwatch(unwatch.Watcher, this);
                break;
        }
    }

    public override string ToString() => Pid is not null ? $"{Pid}" : $"{{{RegisteredName},{Node}}}";

    private static Address NodeAddress(string node)
    {
        var at = node.IndexOf('@');
        return at < 0 ? new Address("erl", node) : new Address("erl", node[..at], node[(at + 1)..]);
    }
}
