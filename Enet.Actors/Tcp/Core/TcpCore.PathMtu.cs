namespace Enet.Actors.Tcp;

// TcpCore: Path MTU: segments sized to what the path carries, as an ICMPv6 Packet Too Big reports it (RFC 8201).
public sealed partial class TcpCore
{
    /// <summary>The largest segment (data, no options) the path carries, once a Packet Too Big said so.</summary>
    private int? pathMss;

    /// <summary>
    /// RFC 8201 5.2 (as RFC 1191 6.4 and 6.5 say for IPv4): a Packet Too Big said the path carries at most
    /// <paramref name="mss"/> bytes of data (its MTU less the IPv6 and TCP headers) for the packet that carried
    /// <paramref name="quotedSeq"/>. It counts only for a sequence number we sent (SND.UNA =&lt; SEQ =&lt; SND.MAX, the
    /// check Linux makes; RFC 5927 5.1: a blind attacker must guess the window), and the segment size only shrinks.
    /// What was in flight was bigger and was dropped on the way: it is sent again at once at the new size, a go-back
    /// as after a timeout but with no congestion response, the loss not being congestion (RFC 1191 6.5).
    /// </summary>
    public void PathMtuReduced(int mss, SequenceNumber quotedSeq, DateTimeOffset time)
    {
        now = time;
        if (State == TcpState.Closed || mss <= 0 || quotedSeq < sndUna || quotedSeq > sndMax || mss >= (pathMss ?? int.MaxValue))
            return;
        pathMss = mss;
        // In SYN-SENT the peer's MSS is not known yet: the SYN,ACK's takes the path's into account (Synchronized).
        if (State == TcpState.SynSent)
            return;
        var size = mss - (timestampsOn ? TimestampsLength : 0);
        if (size >= sendMss)
            return;
        sendMss = size;
        // RFC 6675's recovery resends the holes at the new size; in SYN-RECEIVED only the SYN,ACK, small, is out.
        if (Handshaking || sackOn && congestion.InFastRecovery || sndNxt == sndUna)
            return;
        sndNxt = sndUna;
        // RFC 6298 3 (Karn): what is sent again is not timed.
        timedSeq = null;
        Output(force: true);
    }
}
