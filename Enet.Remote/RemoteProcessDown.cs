using Enet.Remote.Etf;

namespace Enet.Remote;

/// <summary>
/// A monitored Erlang process is gone: the <c>{'DOWN', Ref, process, Proc, Reason}</c> of erlang:monitor/2.
/// <see cref="Reason"/> is <c>noconnection</c> when the node went down.
/// </summary>
public sealed record RemoteProcessDown(RemoteProcessRef Process, ErlRef Ref, Term Reason);
