namespace Enet.Actors.Tcp;

/// <summary>
/// When to send data (RFC 1122 4.2.3.4, RFC 9293 3.8.6.2.1), which is also Nagle's algorithm (RFC 896, RFC 9293
/// 3.7.4): a full segment goes at once; less than that only when no earlier short segment is unacknowledged (or Nagle
/// is off) and either all queued data fits or at least half the largest window the peer has offered does. The
/// remaining case, a small window left open for long, is the persist timer's override (RFC 1122 4.2.3.4 (4)).
/// </summary>
/// <remarks>Nagle as Minshall refined it (draft-minshall-nagle; Linux's tcp_minshall_check): RFC 896 holds a short
/// segment while any data is unacknowledged, so the short tail of a bulk write waits for the ACK of the full segments
/// before it, which a receiver may delay 200 ms (RFC 1122 4.2.3.2) when their count is odd. Holding it only while an
/// earlier short segment is unacknowledged still allows at most one short segment in flight, which is what Nagle is
/// for (no stream of tinygrams), without that stall.</remarks>
public static class SenderSillyWindowAvoidance
{
    /// <summary>Bytes to send now out of <paramref name="unsent"/> queued with <paramref name="usable"/> window, or 0.</summary>
    public static int Sendable(int unsent, int usable, int mss, bool shortSegmentUnacknowledged, bool noDelay, int maxPeerWindow)
    {
        var length = Math.Min(unsent, usable);
        if (length <= 0)
            return 0;
        if (length >= mss)
            return mss;
        if (shortSegmentUnacknowledged && !noDelay)
            return 0;
        return unsent <= usable || length >= maxPeerWindow / 2 ? length : 0;
    }
}
