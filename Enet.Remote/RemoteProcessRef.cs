using Enet.Remote.Etf;
using Enet.Runtime.Actor;

namespace Enet.Remote;

/// <summary>
/// An Erlang process (or a registered name on a node) as an actor ref: <see cref="Tell"/> sends SEND or
/// REG_SEND over the distribution connection, connecting first if needed. Messages must be terms
/// (or values <see cref="TermMapping"/> maps to terms). While the connection is busy (its queue past
/// <see cref="NetKernelSettings.DistBufBusyLimit"/>) <see cref="Tell"/> waits, as OTP suspends the sender;
/// <see cref="NetKernel.SendNoSuspend"/> drops instead.
/// </summary>
public sealed class RemoteProcessRef : IInternalActorRef, IEquatable<RemoteProcessRef>
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

    /// <summary>Built on first use: a ref is made for every message that arrives with a sender.</summary>
    public ActorPath Path => field ??= ActorPath.Root("erl") / Node / (Pid is { } pid ? $"{pid.Id}.{pid.Serial}" : RegisteredName!);

    /// <summary>The registered name as an atom, or null for a pid ref.</summary>
    internal ErlAtom? NameAtom { get; }

    /// <summary>The term that names this process in control messages: its pid or its registered name.</summary>
    public Term Target => Pid ?? (Term)NameAtom!;

    public void Tell(object message, IActorRef sender) => _kernel.SendToRemote(this, TermMapping.ToTerm(message), sender);

    ActorSystem IInternalActorRef.System => _kernel.System;

    /// <summary>
    /// DeathWatch across nodes: Context.Watch / Unwatch (and a watcher's stopping) become MONITOR_P /
    /// DEMONITOR_P. Stopping a remote process is not the runtime's to do (that is an exit signal), so the other
    /// system messages are ignored.
    /// </summary>
    void IInternalActorRef.SendSystemMessage(SystemMessage message)
    {
        switch (message)
        {
            case SystemMessage.Watch watch when ReferenceEquals(watch.Watchee, this):
                _kernel.Watch(watch.Watcher, this);
                break;
            case SystemMessage.Unwatch unwatch when ReferenceEquals(unwatch.Watchee, this):
                _kernel.Unwatch(unwatch.Watcher, this);
                break;
        }
    }

    public bool Equals(RemoteProcessRef? other) =>
        other is not null && Node == other.Node && Equals(Pid, other.Pid) && RegisteredName == other.RegisteredName;

    public override bool Equals(object? obj) => obj is RemoteProcessRef r && Equals(r);

    public override int GetHashCode() => HashCode.Combine(Node, Pid, RegisteredName);

    public override string ToString() => Pid is not null ? $"{Pid}" : $"{{{RegisteredName},{Node}}}";
}
