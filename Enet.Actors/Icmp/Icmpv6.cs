using Enet.Codecs;

namespace Enet.Actors.Icmp;

/// <summary>The messages an <see cref="Icmpv6Responder"/> understands and answers, in one place; they mirror <see cref="Icmp"/>'s.</summary>
public static class Icmpv6
{
    /// <summary>Send <paramref name="Count"/> echo requests (RFC 4443 4.1) to <paramref name="Address"/>, one per
    /// <paramref name="Interval"/>, and wait up to <paramref name="Timeout"/> after the last; answered with one
    /// <see cref="PingResult"/>. Nulls take the responder's defaults. A payload over the link MTU goes in fragments.
    /// With <paramref name="ReportReplies"/>, the requester gets <see cref="Icmp.PingStarted"/> and a <see cref="PingReply"/>
    /// per reply as for ICMP.</summary>
    public sealed record Ping(Ipv6Address Address, int Count = 4, TimeSpan? Interval = null, TimeSpan? Timeout = null,
        int PayloadLength = 56, bool ReportReplies = false);

    public sealed record PingReply(ushort Sequence, TimeSpan RoundTrip, byte HopLimit);

    public sealed record PingResult(Ipv6Address Address, int Transmitted, IReadOnlyList<PingReply> Replies)
    {
        public int Received => Replies.Count;

        /// <summary>The summary line Linux's ping prints.</summary>
        public override string ToString() =>
            $"{Address}: {Transmitted} packets transmitted, {Received} received" + (Received == 0 ? "" :
                $", rtt min/avg/max = {Replies.Min(r => r.RoundTrip).TotalMilliseconds:0.###}/{Replies.Average(r => r.RoundTrip.TotalMilliseconds):0.###}/{Replies.Max(r => r.RoundTrip).TotalMilliseconds:0.###} ms");
    }

    /// <summary>An echo reply for one of our pings, routed by identifier from the responder to the pinger.</summary>
    public sealed record EchoReplyReceived(Ipv6Address From, ushort Sequence, byte HopLimit, Bytes Data);
}
