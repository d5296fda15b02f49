using Enet.Remote.Etf;

namespace Enet.Remote;

/// <summary>
/// Why a watched Erlang process ended: its exit reason (<c>noproc</c> when it never existed, <c>noconnection</c> when
/// its node went down). Akka's <c>Terminated</c> carries no reason, so a watcher gets this companion message
/// immediately before the <c>Terminated</c> of the same process.
/// </summary>
public sealed record RemoteProcessExit(RemoteProcessRef Process, Term Reason);
