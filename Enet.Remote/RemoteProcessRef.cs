using Enet.Remote.Etf;
using Enet.Runtime.Actor;

namespace Enet.Remote;

/// <summary>
/// An Erlang process (or a registered name on a node) as an actor ref: <see cref="Tell"/> sends SEND or
/// REG_SEND over the distribution connection, connecting first if needed. Messages must be terms
/// (or values <see cref="TermMapping"/> maps to terms).
/// </summary>
public sealed class RemoteProcessRef : IActorRef, IEquatable<RemoteProcessRef>
{
    private readonly NetKernel _kernel;

    internal RemoteProcessRef(NetKernel kernel, ErlPid pid)
    {
        _kernel = kernel;
        Pid = pid;
        Node = pid.Node.Name;
        Path = ActorPath.Root("erl") / Node / $"{pid.Id}.{pid.Serial}";
    }

    internal RemoteProcessRef(NetKernel kernel, string name, string node)
    {
        _kernel = kernel;
        RegisteredName = name;
        Node = node;
        Path = ActorPath.Root("erl") / node / name;
    }

    /// <summary>The process, or null for a <c>{Name, Node}</c> ref.</summary>
    public ErlPid? Pid { get; }

    public string? RegisteredName { get; }

    public string Node { get; }

    public ActorPath Path { get; }

    /// <summary>The term that names this process in control messages: its pid or its registered name.</summary>
    public Term Target => Pid ?? (Term)new ErlAtom(RegisteredName!);

    public void Tell(object message, IActorRef sender) => _kernel.SendToRemote(this, TermMapping.ToTerm(message), sender);

    public bool Equals(RemoteProcessRef? other) =>
        other is not null && Node == other.Node && Equals(Pid, other.Pid) && RegisteredName == other.RegisteredName;

    public override bool Equals(object? obj) => obj is RemoteProcessRef r && Equals(r);

    public override int GetHashCode() => HashCode.Combine(Node, Pid, RegisteredName);

    public override string ToString() => Pid is not null ? $"{Pid}" : $"{{{RegisteredName},{Node}}}";
}
