using Akka.Actor;
using Enet.Actors.Icmp;

namespace Enet.Host.Commands;

/// <summary>
/// One `enet ping` run against the stack: a single Ping (ICMP or ICMPv6) that reports each reply as it comes, printed
/// as Linux's ping prints it (icmp_seq is the echo's sequence number), then ping's statistics. Ctrl-C stops the
/// pinger, which answers with what it has sent and received, as ping(8) does on SIGINT.
/// </summary>
internal static class PingSession
{
    public sealed record Request(string Address, int Count, int Size, TimeSpan Interval, TimeSpan Timeout);

    public static async Task<int> RunAsync(ActorSystem system, IActorRef responder, object ping, Request request, TextWriter output, CancellationToken cancel)
    {
        var (inbox, reader) = ChannelInbox.Create(system);
        var started = DateTimeOffset.UtcNow;
        var times = new List<double>();
        var transmitted = 0;
        IActorRef? pinger = null;
        // Every request's interval and the last one's timeout, with room for a loaded machine: a stack that never
        // answers is an error, not a hang.
        using var limit = new CancellationTokenSource(request.Interval * request.Count + request.Timeout + TimeSpan.FromSeconds(30));
        try
        {
            responder.Tell(ping, inbox);
            var stopping = cancel;
            var finished = false;
            while (!finished)
            {
                (object Message, IActorRef Sender) next;
                try
                {
                    using var either = CancellationTokenSource.CreateLinkedTokenSource(stopping, limit.Token);
                    next = await reader.ReadAsync(either.Token);
                }
                catch (OperationCanceledException) when (cancel.IsCancellationRequested && !limit.IsCancellationRequested)
                {
                    // Ctrl-C: the pinger reports what it has; if it has not started there is nothing to wait for.
                    if (pinger is null)
                        break;
                    pinger.Tell(Icmp.StopPing.Instance);
                    stopping = CancellationToken.None;
                    continue;
                }
                switch (next.Message)
                {
                    case Icmp.PingStarted:
                        pinger = next.Sender;
                        break;
                    case Icmp.PingReply reply:
                        Print(output, request, times, reply.Sequence, reply.Ttl, reply.RoundTrip);
                        break;
                    case Icmpv6.PingReply reply:
                        Print(output, request, times, reply.Sequence, reply.HopLimit, reply.RoundTrip);
                        break;
                    case Icmp.PingResult result:
                        (transmitted, finished) = (result.Transmitted, true);
                        break;
                    case Icmpv6.PingResult result:
                        (transmitted, finished) = (result.Transmitted, true);
                        break;
                }
            }
        }
        finally
        {
            system.Stop(inbox);
        }
        Statistics(output, request.Address, transmitted, times, DateTimeOffset.UtcNow - started);
        return times.Count > 0 ? 0 : PingCommand.NoReply;
    }

    private static void Print(TextWriter output, Request request, List<double> times, ushort sequence, byte hopLimit, TimeSpan roundTrip)
    {
        times.Add(roundTrip.TotalMilliseconds);
        // iputils prints ttl= for the IPv6 hop limit too.
        output.WriteLine($"{request.Size + 8} bytes from {request.Address}: icmp_seq={sequence} ttl={hopLimit} time={Milliseconds(roundTrip)} ms");
    }

    private static void Statistics(TextWriter output, string address, int transmitted, List<double> times, TimeSpan elapsed)
    {
        output.WriteLine();
        output.WriteLine($"--- {address} ping statistics ---");
        output.WriteLine($"{transmitted} packets transmitted, {times.Count} received, {(transmitted - times.Count) * 100 / Math.Max(1, transmitted)}% packet loss, time {elapsed.TotalMilliseconds:0}ms");
        if (times.Count == 0)
            return;
        var average = times.Average();
        // ping(8)'s mdev: the standard deviation of the round-trip times.
        var mdev = Math.Sqrt(Math.Max(0, times.Average(t => t * t) - average * average));
        output.WriteLine($"rtt min/avg/max/mdev = {times.Min():0.000}/{average:0.000}/{times.Max():0.000}/{mdev:0.000} ms");
    }

    private static string Milliseconds(TimeSpan time) => time.TotalMilliseconds.ToString(time.TotalMilliseconds < 10 ? "0.000" : "0.0");
}
