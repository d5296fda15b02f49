using System.Net.Sockets;
using Akka.Event;

namespace Enet.Remote.Distribution;

/// <summary>
/// Accepts connections until stopped, and outlives a failed accept: out of descriptors (EMFILE, ENFILE), out of
/// buffers, a connection reset before it was taken. Such a failure is logged once per streak, then the loop waits,
/// doubling from <see cref="FirstBackoff"/> to <see cref="MaxBackoff"/>, and tries again, as Go's net/http server
/// does on a temporary accept error: a node under a descriptor shortage must serve again once descriptors free up.
/// </summary>
internal sealed class AcceptLoop(Func<CancellationToken, ValueTask<Socket>> accept, Action<Socket> accepted, ILoggingAdapter log, string what)
{
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(5);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(1);

    private long failures;

    /// <summary>Accepts that failed and were retried.</summary>
    public long Failures => Interlocked.Read(ref failures);

    /// <summary>Runs until <paramref name="stop"/> is cancelled or the listener is disposed.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var backoff = TimeSpan.Zero;
        var streak = 0;
        while (!stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await accept(stop).ConfigureAwait(false);
            }
            // A pending accept ends with OperationAborted when the listener is closed under it.
            catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException
                                      or SocketException { SocketErrorCode: SocketError.OperationAborted } || stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                Interlocked.Increment(ref failures);
                if (streak++ == 0)
                    log.Warning("{0}: accept failed ({1}: {2}); retrying with backoff up to {3}", what, e.SocketErrorCode, e.Message, MaxBackoff);
                backoff = backoff == TimeSpan.Zero ? FirstBackoff : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                try
                {
                    await Task.Delay(backoff, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                continue;
            }
            if (streak > 0)
                log.Info("{0}: accepting again after {1} failed accepts", what, streak);
            streak = 0;
            backoff = TimeSpan.Zero;
            accepted(socket);
        }
    }
}
