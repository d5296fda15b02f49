using Enet.Codecs;

namespace Enet.Actors.Icmp;

/// <summary>The messages an <see cref="IcmpResponder"/> understands and answers, in one place.</summary>
public static class Icmp
{
    /// <summary>Send <paramref name="Count"/> echo requests (RFC 792) to <paramref name="Address"/>, one per
    /// <paramref name="Interval"/>, and wait up to <paramref name="Timeout"/> after the last; answered with one
    /// <see cref="PingResult"/>. Nulls take the responder's defaults. With <paramref name="ReportReplies"/> the
    /// requester also gets <see cref="PingStarted"/> first and a <see cref="PingReply"/> per reply as it comes.</summary>
    public sealed record Ping(Ipv4Address Address, int Count = 4, TimeSpan? Interval = null, TimeSpan? Timeout = null,
        int PayloadLength = 56, bool ReportReplies = false);

    /// <summary>The first report of a ping that reports its replies (ICMP or ICMPv6), sent by the pinger itself:
    /// <see cref="StopPing"/> goes to its sender.</summary>
    public sealed record PingStarted(ushort Identifier);

    /// <summary>Ends a ping at once, as ping(8) does on Ctrl-C: it answers with its result so far.</summary>
    public sealed record StopPing
    {
        public static StopPing Instance { get; } = new();
    }

    public sealed record PingReply(ushort Sequence, TimeSpan RoundTrip, byte Ttl);

    public sealed record PingResult(Ipv4Address Address, int Transmitted, IReadOnlyList<PingReply> Replies)
    {
        public int Received => Replies.Count;

        /// <summary>The summary line Linux's ping prints.</summary>
        public override string ToString() =>
            $"{Address}: {Transmitted} packets transmitted, {Received} received" + (Received == 0 ? "" :
                $", rtt min/avg/max = {Replies.Min(r => r.RoundTrip).TotalMilliseconds:0.###}/{Replies.Average(r => r.RoundTrip.TotalMilliseconds):0.###}/{Replies.Max(r => r.RoundTrip).TotalMilliseconds:0.###} ms");
    }

    /// <summary>An echo reply for one of our pings, routed by identifier from the responder to the pinger.</summary>
    public sealed record EchoReplyReceived(Ipv4Address From, ushort Sequence, byte Ttl, Bytes Data);
}
