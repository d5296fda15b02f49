using Enet.Codecs;

namespace Enet.Actors.Tcp;

// TcpCore: a connection made from a SYN cookie (RFC 4987 3.6), which begins at the ACK that completes the handshake.
public sealed partial class TcpCore
{
    /// <summary>RFC 4987 3.6: the ACK of a cookie SYN,ACK (checked by <see cref="SynCookies.TryAccept"/>) makes the
    /// connection in one step. The core, made passive with the cookie as its ISS, takes the SYN's state as the cookie
    /// remembers it (IRS = SEG.SEQ - 1, the peer's MSS, window scale, SACK-permitted and timestamps, RFC 9293 3.10.7.2
    /// and RFC 7323 3.2), as if it had sent the SYN,ACK itself, then processes the ACK as in SYN-RECEIVED (3.10.7.4),
    /// which makes it ESTABLISHED and takes any data it carries. False when the ACK is not acceptable after all.</summary>
    public bool AcceptCookie(ReadOnlyMemory<byte> ack, SynCookie cookie, DateTimeOffset time)
    {
        now = opened = time;
        if (!TryRead(ack, out var s) || s.Ack != iss + 1)
        {
            State = TcpState.Closed;
            return false;
        }
        irs = s.Seq - 1;
        rcvNxt = s.Seq;
        // The SYN as the cookie remembers it; TS.Recent starts at the ACK's TSval, newer than the SYN's (RFC 7323 4.3).
        Synchronized(s with
        {
            PeerMss = cookie.Mss,
            PeerWindowScale = cookie.WindowScale,
            SackPermitted = cookie.SackPermitted,
            Timestamps = cookie.Timestamps ? s.Timestamps : null,
        });
        // What the SYN,ACK would have left: the window taken from the first segment after the SYN, the SYN,ACK's
        // acknowledgment sent, and no RTT sample from its TSval, echoed now, which the cookie set and no clock did.
        sndWl1 = irs;
        sndWl2 = iss;
        lastAckSent = rcvNxt;
        rttSampleEdge = sndMax;
        Process(ack, time);
        if (State != TcpState.SynReceived)
            return State != TcpState.Closed;
        Finish(null);
        return false;
    }
}
