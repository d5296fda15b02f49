using Enet.Remote.Etf;

namespace Enet.Remote;

/// <summary>
/// An exit signal from a linked Erlang process (EXIT / EXIT2 control messages). Enet actors receive it as a
/// message, the way an Erlang process that traps exits receives <c>{'EXIT', From, Reason}</c>.
/// </summary>
public sealed record ExitSignal(RemoteProcessRef From, Term Reason);
