namespace Enet.Actors.Tcp;

/// <summary>How the congestion window grows between losses and how far a loss cuts it (enet.tcp.congestion-control).</summary>
public enum CongestionAlgorithm
{
    /// <summary>RFC 9438: the window follows a cubic function of the time since the last loss, cut to 0.7 of it.</summary>
    Cubic,

    /// <summary>RFC 5681 3.1: one segment per round trip, halved on a loss.</summary>
    NewReno,
}
