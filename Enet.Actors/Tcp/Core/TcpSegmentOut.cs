using Enet.Codecs;

namespace Enet.Actors.Tcp;

/// <summary>A segment a <see cref="TcpCore"/> sends: the header's fields, and <paramref name="Length"/> bytes of
/// payload at <paramref name="Offset"/> (from SND.UNA) in <paramref name="Data"/>, read during
/// <see cref="ITcpCoreHost.Transmit"/>. <paramref name="Mss"/> and <paramref name="WindowScale"/> are the SYN's
/// options (RFC 9293 3.7.1, RFC 7323 2.2), <paramref name="Timestamps"/> the timestamps option (RFC 7323 3.2),
/// <paramref name="SackPermitted"/> the SYN's SACK-permitted option and <paramref name="Sack"/> the SACK blocks (RFC 2018
/// sections 2 and 3).</summary>
public readonly record struct TcpSegmentOut(SequenceNumber Seq, SequenceNumber Ack, TcpFlags Flags, ushort Window,
    ushort? Mss = null, int? WindowScale = null, SendBuffer? Data = null, int Offset = 0, int Length = 0,
    TcpTimestamps? Timestamps = null, bool SackPermitted = false, SackBlock[]? Sack = null)
{
    public bool Has(TcpFlags flag) => (Flags & flag) != 0;

    /// <summary>RFC 9293 3.4: SEG.LEN counts the data and the SYN and FIN controls.</summary>
    public int SequenceLength => Length + (Has(TcpFlags.Syn) ? 1 : 0) + (Has(TcpFlags.Fin) ? 1 : 0);
}
