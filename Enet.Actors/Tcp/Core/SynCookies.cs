using System.Buffers.Binary;
using Enet.Codecs;

namespace Enet.Actors.Tcp;

/// <summary>
/// RFC 4987 3.6 SYN cookies in Linux's encoding (net/ipv4/syncookies.c): a listener whose SYN backlog is full answers a
/// SYN with a SYN,ACK whose ISS is
/// <c>H1(4-tuple) + SEG.SEQ + (t &lt;&lt; 24) + ((H2(4-tuple, SEG.SEQ, t) + m) mod 2^24)</c>, t the minute, m the
/// index of the peer's MSS in a table of four, H1 and H2 keyed hashes (SipHash-2-4 under a random key per layer, as
/// Linux), and keeps nothing. (Linux leaves SEG.SEQ out of H2, so a SEG.SEQ a little off reads as another MSS index; here it binds
/// the cookie to its SYN.)
/// The ACK that completes the handshake brings the cookie back as SEG.ACK - 1: it is ours when t is this minute or the
/// last and H2 gives back an index in the table. With timestamps (RFC 7323 3.2) the low six bits of our TSval carry
/// the peer's window scale and SACK-permitted, which its ACK echoes in TSecr; without them a cookie connection has
/// neither, as on Linux. Nothing is allocated per SYN or ACK; the key never changes, t does, so a cookie ages out.
/// </summary>
public sealed class SynCookies
{
    /// <summary>Linux's msstab for IPv4: the MSS a cookie can say, by index.</summary>
    private static readonly int[] MssTable = [536, 1300, 1440, 1460];

    /// <summary>The hash and the MSS index take the low 24 bits, the minute the top 8.</summary>
    private const int CountShift = 24;
    private const uint CookieMask = (1u << CountShift) - 1;

    /// <summary>Linux's MAX_SYNCOOKIE_AGE: a cookie of this minute or the one before is accepted.</summary>
    private const uint MaxAge = 2;

    /// <summary>Linux's TS_OPT_* bits: the window scale (15: none) and SACK-permitted; ECN (bit 5) is never set, since
    /// Enet does no ECN, so a TSecr with it was not ours.</summary>
    private const uint OptionBits = 6, OptionMask = (1u << (int)OptionBits) - 1, WindowScaleMask = 0xF, SackBit = 0x10, EcnBit = 0x20;

    /// <summary>How long after a listener last sent a cookie an ACK it knows nothing of is checked for one (Linux's
    /// TCP_SYNCOOKIE_VALID): a cookie lives at most two minutes.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromMinutes(2);

    private readonly SipHash key;

    /// <param name="key">16 bytes; a random one by default.</param>
    public SynCookies(byte[]? key = null) => this.key = key is null ? SipHash.Random() : SipHash.FromKey(key);

    /// <summary>The SYN,ACK answering <paramref name="syn"/> (for connection <paramref name="id"/>) with a cookie:
    /// our <paramref name="mss"/> (RFC 9293 3.7.1), the window of a <paramref name="receiveBuffer"/> unscaled (RFC 7323
    /// 2.2), and, only if the peer sent timestamps and <paramref name="settings"/> offer them, timestamps with the
    /// options in TSval, window scale (RFC 7323 2.2) and SACK-permitted (RFC 2018 2) as the peer offered them.</summary>
    public TcpSegmentOut Answer(TcpPacket syn, ConnectionId id, int mss, int receiveBuffer, TcpSettings settings, DateTimeOffset now)
    {
        var options = InboundOptions.Read(syn);
        var seq = new SequenceNumber(syn.SequenceNumber);
        var iss = Make(id, seq, options.Mss, now);
        if (!settings.Timestamps || options.Timestamps is not { } ts)
            return new TcpSegmentOut(iss, seq + 1, TcpFlags.Syn | TcpFlags.Ack, SynWindow(receiveBuffer), (ushort)mss);
        int? peerScale = settings.WindowScaling ? options.WindowScale : null;
        var sack = settings.Sack && options.SackPermitted;
        var tsVal = TimestampValue(iss, peerScale, sack);
        return new TcpSegmentOut(iss, seq + 1, TcpFlags.Syn | TcpFlags.Ack, SynWindow(receiveBuffer), (ushort)mss,
            peerScale is null ? null : ReceiveWindow.ShiftFor(receiveBuffer), Timestamps: new TcpTimestamps(tsVal, ts.Value),
            SackPermitted: sack);
    }

    /// <summary>An ACK (no SYN, no RST) for connection <paramref name="id"/> that nobody holds: the handshake a cookie of
    /// ours began, and what it remembers; false for anything else (forged, stale, or options we would not have sent).</summary>
    public bool TryAccept(TcpPacket ack, ConnectionId id, TcpSettings settings, DateTimeOffset now, out SynCookie cookie)
    {
        cookie = default;
        var flags = ack.Flags;
        if ((flags & TcpFlags.Ack) == 0 || (flags & (TcpFlags.Syn | TcpFlags.Rst)) != 0)
            return false;
        var iss = new SequenceNumber(ack.AcknowledgmentNumber) - 1;
        if (Check(id, new SequenceNumber(ack.SequenceNumber) - 1, iss, now) is not { } mss)
            return false;
        var options = InboundOptions.Read(ack);
        if (options.Timestamps is not { } ts)
        {
            cookie = new SynCookie(iss, mss, null, false, false);
            return true;
        }
        // Linux's cookie_timestamp_decode: options we would not have offered were not offered by us.
        var bits = ts.EchoReply & OptionMask;
        var scale = bits & WindowScaleMask;
        var sack = (bits & SackBit) != 0;
        if (!settings.Timestamps || (bits & EcnBit) != 0 || sack && !settings.Sack || scale != WindowScaleMask && !settings.WindowScaling)
            return false;
        cookie = new SynCookie(iss, mss, scale == WindowScaleMask ? null : Math.Min((int)scale, ReceiveWindow.MaximumShift), sack, true);
        return true;
    }

    /// <summary>The cookie for a SYN of sequence number <paramref name="peerSeq"/>: Linux's secure_tcp_syn_cookie, with
    /// the largest MSS of the table not above the peer's (the smallest when all are).</summary>
    public SequenceNumber Make(ConnectionId id, SequenceNumber peerSeq, int peerMss, DateTimeOffset now)
    {
        var index = (uint)MssTable.Length - 1;
        while (index > 0 && MssTable[index] > peerMss)
            index--;
        var count = Minute(now);
        return new SequenceNumber(unchecked(Hash(id, default, 0, first: true) + peerSeq.Value + (count << CountShift) +
            ((Hash(id, peerSeq, count, first: false) + index) & CookieMask)));
    }

    /// <summary>The peer's MSS a cookie says, or null when it is not a cookie of this minute or the last for this
    /// 4-tuple and SYN (Linux's check_tcp_syn_cookie).</summary>
    public int? Check(ConnectionId id, SequenceNumber peerSeq, SequenceNumber cookie, DateTimeOffset now)
    {
        var rest = unchecked(cookie.Value - Hash(id, default, 0, first: true) - peerSeq.Value);
        var count = Minute(now);
        var age = unchecked(count - (rest >> CountShift)) & 0xFF;
        if (age >= MaxAge)
            return null;
        var index = unchecked(rest - Hash(id, peerSeq, count - age, first: false)) & CookieMask;
        return index < MssTable.Length ? MssTable[index] : null;
    }

    /// <summary>Our TSval in a cookie SYN,ACK (Linux's cookie_init_timestamp): the connection's clock at its start,
    /// which is the ISS (TcpCore.Timestamps), its low six bits replaced by the options and taken a step of 64 back if
    /// that put it ahead, so the connection made from the cookie never sends a TSval below it (RFC 7323 5.3's PAWS at
    /// the peer).</summary>
    public static uint TimestampValue(SequenceNumber iss, int? peerWindowScale, bool sackPermitted)
    {
        var options = (peerWindowScale is { } scale ? (uint)scale : WindowScaleMask) | (sackPermitted ? SackBit : 0);
        var value = (iss.Value & ~OptionMask) | options;
        return unchecked((int)(value - iss.Value)) > 0 ? unchecked(value - (1u << (int)OptionBits)) : value;
    }

    private static uint Minute(DateTimeOffset now) => (uint)(now.ToUnixTimeSeconds() / 60);

    private static ushort SynWindow(int receiveBuffer) => (ushort)Math.Clamp(receiveBuffer, 0, ushort.MaxValue);

    /// <summary>SipHash of the 4-tuple with the SYN's sequence number and the minute (H2) or without (H1), its low 32
    /// bits.</summary>
    private uint Hash(ConnectionId id, SequenceNumber peerSeq, uint count, bool first)
    {
        // Both addresses in full (an IPv4 one as its 32 bits in 128, with the family byte telling them apart).
        Span<byte> input = stackalloc byte[ConnectionId.TupleLength + 10];
        id.WriteTuple(input);
        BinaryPrimitives.WriteUInt32BigEndian(input[36..], count);
        BinaryPrimitives.WriteUInt32BigEndian(input[40..], peerSeq.Value);
        input[44] = first ? (byte)1 : (byte)2;
        input[45] = (byte)id.LocalAddress.Family;
        return (uint)key.Hash(input);
    }
}
