namespace Enet.Actors.Tcp;

/// <summary>
/// CUBIC's window (RFC 9438) in congestion avoidance, in segments: after a loss the window follows
/// W_cubic(t) = C*(t-K)^3 + W_max (4.2), concave up to the window where the loss happened and convex beyond it, but
/// never below what Reno would have reached (W_est, 4.3). Slow start and loss recovery are
/// <see cref="CongestionControl"/>'s.
/// </summary>
public sealed class Cubic
{
    /// <summary>RFC 9438 4.1, 5: C = 0.4 and beta_cubic = 0.7.</summary>
    public const double C = 0.4, Beta = 0.7;

    /// <summary>RFC 9438 4.3: alpha_cubic = 3 * (1 - beta) / (1 + beta) makes W_est grow as fast on average as Reno
    /// with its halving.</summary>
    public static readonly double RenoFriendlyAlpha = 3 * (1 - Beta) / (1 + Beta);

    private readonly int mss;
    private DateTimeOffset? epochStart;
    private double estimate;
    private bool afterTimeout;

    /// <summary>Growth below one byte, carried to the next ACK.</summary>
    private double carry;

    public Cubic(int mss) => this.mss = mss;

    /// <summary>W_max: the window, in segments, just before the last reduction (fast convergence aside, 4.7).</summary>
    public double MaxWindow { get; private set; }

    /// <summary>K (4.2): seconds from the start of congestion avoidance until W_cubic is back at W_max.</summary>
    public double K { get; private set; }

    /// <summary>RFC 9438 4.2 figure 1.</summary>
    public double Window(double t) => C * Math.Pow(t - K, 3) + MaxWindow;

    /// <summary>A congestion event at <paramref name="cwnd"/> bytes with <paramref name="flightSize"/> in flight; gives
    /// the new ssthresh in bytes. RFC 9438 4.7 fast convergence: a loss below the last W_max means a new flow took a
    /// share, so W_max is lowered further, to cwnd * (1 + beta) / 2. 4.6: ssthresh = flight_size * beta, at least 2
    /// segments.</summary>
    public int OnLoss(int cwnd, int flightSize)
    {
        var segments = (double)cwnd / mss;
        MaxWindow = segments < MaxWindow ? segments * (1 + Beta) / 2 : segments;
        epochStart = null;
        afterTimeout = false;
        return Math.Max((int)(flightSize * Beta), 2 * mss);
    }

    /// <summary>RFC 9438 4.8: after a timeout the first congestion avoidance stage starts with K = 0 and W_max the
    /// window it starts at.</summary>
    public void OnTimeout() => afterTimeout = true;

    /// <summary>An ACK of <paramref name="acked"/> bytes in congestion avoidance at <paramref name="cwnd"/> bytes; gives the
    /// bytes cwnd grows by. RFC 9438 4.2: t runs from the first such ACK after a reduction (the epoch), where W_est starts
    /// at cwnd (4.3). 4.3: where W_cubic(t) is below W_est the window is W_est, which grows by alpha_cubic segments per
    /// window acknowledged (by 1 once it passed W_max). 4.4, 4.5: elsewhere it moves toward target = W_cubic(t + RTT),
    /// kept within [cwnd, 1.5 * cwnd], by (target - cwnd) / cwnd per segment acknowledged.</summary>
    public int Grow(int cwnd, int acked, DateTimeOffset now, TimeSpan rtt)
    {
        var w = (double)cwnd / mss;
        if (epochStart is null)
        {
            epochStart = now;
            if (afterTimeout || MaxWindow <= w)
            {
                MaxWindow = w;
                K = 0;
            }
            else
                K = Math.Cbrt((MaxWindow - w) / C);
            estimate = w;
            afterTimeout = false;
        }
        var t = (now - epochStart.Value).TotalSeconds;
        var segmentsAcked = (double)acked / mss;
        estimate += (estimate >= MaxWindow ? 1 : RenoFriendlyAlpha) * segmentsAcked / w;
        double next;
        if (Window(t) < estimate)
            next = estimate;
        else
        {
            var target = Math.Clamp(Window(t + rtt.TotalSeconds), w, 1.5 * w);
            next = w + (target - w) / w * segmentsAcked;
        }
        carry += Math.Max(0, next - w) * mss;
        var bytes = (int)Math.Min(carry, int.MaxValue / 2);
        carry -= bytes;
        return bytes;
    }
}
