using System.Collections.Immutable;
using Enet.Actors.Tcp;
using Enet.Codecs;
using Xunit;

namespace Enet.Tests.Tcp.Core;

/// <summary>RFC 4987 3.6 SYN cookies in Linux's encoding: the MSS index and the minute in the ISS, window scale and
/// SACK-permitted in the TSval's low bits, and what a forged or stale cookie gets.</summary>
public sealed class SynCookiesTests
{
    private static readonly ConnectionId Id = new(new Ipv4Address(192, 0, 2, 2), 7, new Ipv4Address(192, 0, 2, 1), 40000);
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 30, TimeSpan.Zero);
    private static readonly SequenceNumber PeerSeq = new(3_000_000_000);
    private static readonly TcpSettings Timestamps = TcpSettings.Default with { Timestamps = true };
    private const int OurMss = 1460, Buffer = 256 * 1024;

    private static SynCookies Cookies(byte fill = 7) => new(Enumerable.Repeat(fill, 16).ToArray());

    private static byte[] Segment(TcpFlags flags, uint seq, uint ack, params TcpOption[] options)
    {
        var segment = new TcpSegment(Id.RemotePort, Id.LocalPort, seq, ack, flags, 8192, null, 0, [.. options], Bytes.Empty);
        var bytes = new byte[segment.Length];
        segment.Emit(bytes, 0);
        return bytes;
    }

    private static TcpSegmentOut Answer(SynCookies cookies, byte[] syn, TcpSettings settings, DateTimeOffset? at = null)
    {
        Assert.True(TcpPacket.TryParse(syn, out var packet, out _));
        return cookies.Answer(packet, Id, OurMss, Buffer, settings, at ?? Now);
    }

    private static bool Accept(SynCookies cookies, byte[] ack, TcpSettings settings, out SynCookie cookie, DateTimeOffset? at = null)
    {
        Assert.True(TcpPacket.TryParse(ack, out var packet, out _));
        return cookies.TryAccept(packet, Id, settings, at ?? Now, out cookie);
    }

    [Theory]
    [InlineData(100, 536)]
    [InlineData(536, 536)]
    [InlineData(1299, 536)]
    [InlineData(1300, 1300)]
    [InlineData(1439, 1300)]
    [InlineData(1440, 1440)]
    [InlineData(1460, 1460)]
    [InlineData(8960, 1460)]
    public void A_cookie_gives_back_the_largest_mss_of_the_table_not_above_the_peers(int peerMss, int remembered)
    {
        var cookies = Cookies();
        var cookie = cookies.Make(Id, PeerSeq, peerMss, Now);
        Assert.Equal(remembered, cookies.Check(Id, PeerSeq, cookie, Now));
    }

    [Fact]
    public void A_cookie_is_good_in_its_minute_and_the_next_and_stale_after_them()
    {
        var cookies = Cookies();
        var made = new DateTimeOffset(2026, 1, 1, 0, 0, 59, TimeSpan.Zero);
        var cookie = cookies.Make(Id, PeerSeq, 1460, made);
        Assert.Equal(1460, cookies.Check(Id, PeerSeq, cookie, made));
        Assert.Equal(1460, cookies.Check(Id, PeerSeq, cookie, made.AddSeconds(1)));
        Assert.Equal(1460, cookies.Check(Id, PeerSeq, cookie, made.AddSeconds(60)));
        Assert.Null(cookies.Check(Id, PeerSeq, cookie, made.AddSeconds(61)));
        Assert.Null(cookies.Check(Id, PeerSeq, cookie, made.AddMinutes(30)));
        // From a minute not yet begun: not ours either.
        Assert.Null(cookies.Check(Id, PeerSeq, cookie, made.AddSeconds(-60)));
    }

    [Fact]
    public void A_forged_cookie_or_one_for_another_connection_is_rejected()
    {
        var cookies = Cookies();
        var cookie = cookies.Make(Id, PeerSeq, 1460, Now);
        Assert.Null(cookies.Check(Id, PeerSeq, cookie + 1, Now));
        Assert.Null(cookies.Check(Id, PeerSeq, cookie - (1 << 24), Now));
        Assert.Null(cookies.Check(Id, PeerSeq + 1, cookie, Now));
        Assert.Null(cookies.Check(Id, PeerSeq - 1, cookie, Now));
        Assert.Null(cookies.Check(Id with { RemotePort = 40001 }, PeerSeq, cookie, Now));
        Assert.Null(cookies.Check(Id with { RemoteAddress = new Ipv4Address(192, 0, 2, 9) }, PeerSeq, cookie, Now));
        Assert.Null(Cookies(fill: 8).Check(Id, PeerSeq, cookie, Now));
        // A blind guess passes with odds of 2/256 * 4/2^24 (minute, then MSS index): none of 200,000 does.
        var random = new Random(19);
        var guessed = Enumerable.Range(0, 200_000).Count(_ => cookies.Check(Id, PeerSeq, new SequenceNumber((uint)random.NextInt64(1L << 32)), Now) is not null);
        Assert.Equal(0, guessed);
    }

    [Fact]
    public void Without_timestamps_the_syn_ack_offers_the_mss_alone_and_the_connection_gets_no_scaling_or_sack()
    {
        // As Linux: with nowhere to keep them, window scaling and SACK-permitted are not offered.
        var cookies = Cookies();
        var syn = Segment(TcpFlags.Syn, PeerSeq.Value, 0, new TcpOption.MaxSegmentSize(1400), new TcpOption.WindowScale(7),
            new TcpOption.SackPermitted());
        var synAck = Answer(cookies, syn, Timestamps);
        Assert.Equal((TcpFlags.Syn | TcpFlags.Ack, PeerSeq + 1, (ushort)65535, (ushort?)OurMss, (int?)null, false, (TcpTimestamps?)null),
            (synAck.Flags, synAck.Ack, synAck.Window, synAck.Mss, synAck.WindowScale, synAck.SackPermitted, synAck.Timestamps));
        Assert.True(Accept(cookies, Segment(TcpFlags.Ack, PeerSeq.Value + 1, synAck.Seq.Value + 1), Timestamps, out var cookie));
        Assert.Equal(new SynCookie(synAck.Seq, 1300, null, false, false), cookie);
    }

    [Fact]
    public void With_timestamps_window_scale_and_sack_ride_in_the_tsval_and_come_back_in_the_tsecr()
    {
        var cookies = Cookies();
        var syn = Segment(TcpFlags.Syn, PeerSeq.Value, 0, new TcpOption.MaxSegmentSize(1460), new TcpOption.WindowScale(9),
            new TcpOption.SackPermitted(), new TcpOption.Timestamps(5000, 0));
        var synAck = Answer(cookies, syn, Timestamps);
        // Our shift for a 256 KiB buffer is 3 (RFC 7323 2.3); the TSecr echoes the SYN's TSval.
        Assert.Equal(((int?)3, true, 5000u), (synAck.WindowScale, synAck.SackPermitted, synAck.Timestamps!.Value.EchoReply));
        Assert.Equal(9u | 0x10, synAck.Timestamps.Value.Value & 0x3F);
        var ack = Segment(TcpFlags.Ack, PeerSeq.Value + 1, synAck.Seq.Value + 1, new TcpOption.Timestamps(5010, synAck.Timestamps.Value.Value));
        Assert.True(Accept(cookies, ack, Timestamps, out var cookie));
        Assert.Equal(new SynCookie(synAck.Seq, 1460, 9, true, true), cookie);
        // The peer offered no scaling: 15 in the low bits says so.
        var noScale = Answer(cookies, Segment(TcpFlags.Syn, PeerSeq.Value, 0, new TcpOption.Timestamps(5000, 0)), Timestamps);
        Assert.Equal(((int?)null, false, 0xFu), (noScale.WindowScale, noScale.SackPermitted, noScale.Timestamps!.Value.Value & 0x3F));
        // Timestamps off here: the SYN,ACK carries none, and so neither scaling nor SACK.
        var off = Answer(cookies, syn, TcpSettings.Default with { Timestamps = false });
        Assert.Equal(((TcpTimestamps?)null, (int?)null, false), (off.Timestamps, off.WindowScale, off.SackPermitted));
    }

    [Theory]
    [InlineData(1_000_000u)]
    [InlineData(1_000_063u)]
    [InlineData(5u)]
    [InlineData(uint.MaxValue)]
    public void The_tsval_of_a_cookie_is_never_ahead_of_the_clock_the_connection_starts_at(uint iss)
    {
        // TcpCore's timestamp clock starts at the ISS: its first TSval must not be below the one the peer saw (PAWS).
        foreach (var (scale, sack) in new[] { ((int?)null, false), (0, true), (14, false), (7, true) })
        {
            var value = SynCookies.TimestampValue(new SequenceNumber(iss), scale, sack);
            Assert.InRange(unchecked((int)(iss - value)), 0, 63);
            Assert.Equal((uint)(scale ?? 15) | (sack ? 0x10u : 0), value & 0x3F);
        }
    }

    [Fact]
    public void An_ack_whose_echo_claims_what_we_never_offer_or_that_is_no_plain_ack_is_rejected()
    {
        var cookies = Cookies();
        var syn = Segment(TcpFlags.Syn, PeerSeq.Value, 0, new TcpOption.WindowScale(9), new TcpOption.SackPermitted(), new TcpOption.Timestamps(5000, 0));
        var synAck = Answer(cookies, syn, Timestamps);
        var echo = synAck.Timestamps!.Value.Value;
        var ack = synAck.Seq.Value + 1;
        byte[] Ack(uint tsecr) => Segment(TcpFlags.Ack, PeerSeq.Value + 1, ack, new TcpOption.Timestamps(5010, tsecr));
        Assert.True(Accept(cookies, Ack(echo), Timestamps, out _));
        // ECN: Enet never sets the bit.
        Assert.False(Accept(cookies, Ack(echo | 0x20), Timestamps, out _));
        // SACK, scaling or timestamps turned off since (or never on): a cookie of ours would not carry them.
        Assert.False(Accept(cookies, Ack(echo), Timestamps with { Sack = false }, out _));
        Assert.False(Accept(cookies, Ack(echo), Timestamps with { WindowScaling = false }, out _));
        Assert.False(Accept(cookies, Ack(echo), TcpSettings.Default with { Timestamps = false }, out _));
        Assert.False(Accept(cookies, Segment(TcpFlags.Ack | TcpFlags.Rst, PeerSeq.Value + 1, ack), Timestamps, out _));
        Assert.False(Accept(cookies, Segment(TcpFlags.Syn | TcpFlags.Ack, PeerSeq.Value + 1, ack), Timestamps, out _));
        Assert.False(Accept(cookies, Segment(TcpFlags.Psh, PeerSeq.Value + 1, ack), Timestamps, out _));
        // Stale: three minutes later.
        Assert.False(Accept(cookies, Ack(echo), Timestamps, out _, Now.AddMinutes(3)));
    }

    [Fact]
    public void Answering_a_syn_and_checking_its_ack_allocate_nothing()
    {
        var cookies = Cookies();
        var syn = Segment(TcpFlags.Syn, PeerSeq.Value, 0, new TcpOption.MaxSegmentSize(1460), new TcpOption.WindowScale(7),
            new TcpOption.SackPermitted(), new TcpOption.Timestamps(5000, 0));
        var synAck = Answer(cookies, syn, Timestamps);
        var ack = Segment(TcpFlags.Ack, PeerSeq.Value + 1, synAck.Seq.Value + 1, new TcpOption.Timestamps(5010, synAck.Timestamps!.Value.Value));
        Assert.True(Accept(cookies, ack, Timestamps, out _));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var accepted = 0;
        for (var i = 0; i < 1000; i++)
        {
            TcpPacket.TryParse(syn, out var synPacket, out _);
            cookies.Answer(synPacket, Id, OurMss, Buffer, Timestamps, Now);
            TcpPacket.TryParse(ack, out var ackPacket, out _);
            if (cookies.TryAccept(ackPacket, Id, Timestamps, Now, out _))
                accepted++;
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1000, accepted);
    }
}
