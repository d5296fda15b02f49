namespace Enet.Actors.Tcp;

/// <summary>
/// The window we offer (RCV.WND, RFC 9293 3.8.6): the receive buffer's free space, never shrunk below what was
/// advertised, its right edge moved only by at least min(half the buffer, one MSS) (receiver silly window avoidance,
/// RFC 9293 3.8.6.2.2, RFC 1122 4.2.3.3), and sent shifted right by the window scale (RFC 7323 2) once both SYNs
/// carried the option.
/// </summary>
public sealed class ReceiveWindow
{
    /// <summary>RFC 7323 2.3: the shift is at most 14.</summary>
    public const int MaximumShift = 14;

    private bool advertised;

    /// <summary>The furthest right edge announced: what lies before it stays acceptable.</summary>
    private SequenceNumber rightEdge;

    /// <param name="buffer">The receive buffer, in bytes.</param>
    /// <param name="scaling">Whether to offer window scaling in our SYN.</param>
    public ReceiveWindow(int buffer, bool scaling)
    {
        Buffer = buffer;
        OfferedShift = scaling ? ShiftFor(buffer) : null;
    }

    /// <summary>RFC 7323 2.3: the smallest shift that lets <paramref name="buffer"/> be offered whole.</summary>
    public static int ShiftFor(int buffer)
    {
        var shift = 0;
        while (shift < MaximumShift && buffer >> shift > ushort.MaxValue)
            shift++;
        return shift;
    }

    public int Buffer { get; set; }

    /// <summary>The shift our SYN offers, or null when we send no window scale option.</summary>
    public int? OfferedShift { get; }

    /// <summary>The shift applied to the windows we send (0 until both SYNs had the option).</summary>
    public int Shift { get; private set; }

    public int Maximum => ushort.MaxValue << Shift;

    /// <summary>RFC 7323 2.2: scaling holds only when both sides sent the option; the SYNs themselves are unscaled.</summary>
    public void Negotiated(bool peerOffered) => Shift = peerOffered && OfferedShift is { } s ? s : 0;

    /// <summary>RCV.WND now, with <paramref name="held"/> bytes received and not yet taken by the user.</summary>
    public int Current(SequenceNumber rcvNxt, int held, int mss)
    {
        var free = Math.Clamp(Buffer - held, 0, Maximum);
        if (!advertised)
            return free;
        var offered = Offered(rcvNxt);
        if (free - offered < Math.Min(Buffer / 2, mss))
            return offered;
        // The scaled field can say only multiples of 2^Shift.
        return Math.Max(offered, free >> Shift << Shift);
    }

    /// <summary>What the last window advertised still leaves open beyond <paramref name="rcvNxt"/>.</summary>
    public int Offered(SequenceNumber rcvNxt) => advertised ? Math.Max(0, rightEdge - rcvNxt) : 0;

    /// <summary>The window field of a segment about to be sent; remembers the right edge it announces.</summary>
    /// <remarks>The scaled field says only multiples of 2^Shift, while RCV.NXT moves by whatever arrives (a full
    /// segment of 1460 is no multiple of 8), so the edge kept can seldom be said exactly (RFC 7323 2.4 and appendix
    /// F). Rounded down, it moved back by up to 2^Shift - 1 octets that a peer filling the window had sent already;
    /// cut off, they left a hole only its retransmission filled, and what it sent beyond the hole meanwhile overflowed
    /// the out-of-order queue. So the field is rounded up, as Linux's tcp_select_window does (RFC 9293 3.8.6.2.2: the
    /// edge does not move back), as long as that offers less than 2^Shift octets beyond the free space; past that,
    /// rounding up each time RCV.NXT moves would keep a window open to a user who reads nothing, so the field is
    /// rounded down, and what was announced before stays acceptable all the same (<see cref="rightEdge"/> is the
    /// furthest edge announced).</remarks>
    public ushort Advertise(SequenceNumber rcvNxt, int held, int mss)
    {
        var window = Current(rcvNxt, held, mss);
        var free = Math.Clamp(Buffer - held, 0, Maximum);
        var granule = 1 << Shift;
        var field = (window + granule - 1) >> Shift;
        if (field > (free + granule - 1) >> Shift)
            field = window >> Shift;
        field = Math.Min(field, ushort.MaxValue);
        var edge = rcvNxt + (field << Shift);
        rightEdge = advertised ? SequenceNumber.Max(rightEdge, edge) : edge;
        advertised = true;
        return (ushort)field;
    }

    /// <summary>The window field of a SYN: never scaled (RFC 7323 2.2). An active open's SYN goes before RCV.NXT is
    /// known, and nothing can arrive beyond a SYN,ACK before the peer's ACK of it: the right edge starts with the first
    /// window advertised after the handshake.</summary>
    public ushort AdvertiseSyn(int held) => (ushort)Math.Clamp(Buffer - held, 0, ushort.MaxValue);
}
