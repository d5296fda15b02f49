namespace Enet.Actors.Tcp;

/// <summary>
/// A connection's congestion and loss figures, as Linux's TCP_INFO gives them (struct tcp_info): the state, the RTT
/// estimate (SRTT and RTTVAR, RFC 6298 2; null before the first sample) and the RTO, the congestion window and slow
/// start threshold (RFC 5681) in bytes, segments retransmitted so far and how many of them the retransmission timer
/// sent (RFC 6298 5, the rest being fast retransmits and RFC 6675 recovery), bytes the peer SACKed beyond SND.UNA and bytes
/// the scoreboard deems lost (RFC 6675 IsLost), the reordering the loss detection tolerates in segments (RFC 6675's
/// DupThresh, Linux's tcpi_reordering), the congestion control in use and whether SACK (RFC 2018) and timestamps
/// (RFC 7323) were negotiated, and RACK's reo_wnd_mult (RFC 8985 6.2 step 4: the reordering window in quarters of
/// min_RTT, 1 until D-SACKs showed needless retransmissions), and where HyStart++ (RFC 9406) is: off, slow-start, css
/// or done.
/// </summary>
public sealed record TcpInfo(TcpState State, TimeSpan? Rtt, TimeSpan RttVariance, TimeSpan Rto, int CongestionWindow,
    int SlowStartThreshold, long Retransmits, long Timeouts, int SackedBytes, int LostBytes, int Reordering, string CongestionControl,
    bool Sack, bool Timestamps, int ReorderingWindowMultiplier, string HyStart);
