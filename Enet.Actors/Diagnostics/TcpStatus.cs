using Akka.Actor;
using Enet.Actors.Tcp;

namespace Enet.Actors.Diagnostics;

/// <summary>
/// A TCP layer's connections counted by state, as `ss -s` shows them: <see cref="GetTcpStatistics"/> to a
/// <see cref="TcpLayer"/> is answered with <see cref="TcpStatistics"/>. The layer keeps no state per connection,
/// so it hands its children to <see cref="Gather"/>, which asks each for its state and answers once all did.
/// </summary>
public static class TcpStatus
{
    /// <summary>How long one connection may take to say its state before it is left out of the count.</summary>
    private static readonly TimeSpan PerConnection = TimeSpan.FromSeconds(1);

    public sealed record GetTcpStatistics
    {
        public static GetTcpStatistics Instance { get; } = new();
    }

    /// <summary>Connections per RFC 9293 state (states with none are absent) and listening ports.</summary>
    public sealed record TcpStatistics(IReadOnlyDictionary<TcpState, int> Connections, int Listeners)
    {
        public int Count(TcpState state) => Connections.GetValueOrDefault(state);
    }

    /// <summary>Asks every connection in <paramref name="connections"/> (a copy the layer made) for its state and
    /// tells <paramref name="replyTo"/> the counts; a connection that ends meanwhile is not counted.</summary>
    public static void Gather(IReadOnlyList<IActorRef> connections, int listeners, IActorRef replyTo)
    {
        var asks = connections.Select(async c =>
        {
            try
            {
                return (TcpState?)(await c.Ask<Tcp.EnetTcp.ConnectionInfo>(Tcp.EnetTcp.GetConnectionInfo.Instance, PerConnection)).State;
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                return null;
            }
        });
        Task.WhenAll(asks).ContinueWith(states => new TcpStatistics(
                states.Result.OfType<TcpState>().GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count()), listeners),
            TaskContinuationOptions.ExecuteSynchronously).PipeTo(replyTo);
    }
}
