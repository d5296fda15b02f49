using Enet.Actors.Tcp;
using Xunit;

namespace Enet.Tests.Tcp;

/// <summary>Silly window avoidance on both sides, Nagle, and window scaling.</summary>
public sealed class WindowRulesTests
{
    [Theory]
    // A full segment always goes.
    [InlineData(5000, 4000, true, false, 1460)]
    // Nagle: a short segment waits while an earlier short one is unacknowledged, unless nodelay.
    [InlineData(100, 4000, true, false, 0)]
    [InlineData(100, 4000, true, true, 100)]
    // Minshall's refinement: full segments in flight do not hold back the short tail.
    [InlineData(100, 4000, false, false, 100)]
    // Only part of the queue fits a small window: held (RFC 1122 4.2.3.4), unless half the max window fits.
    [InlineData(3000, 1000, false, false, 0)]
    [InlineData(3000, 1000, false, false, 1000, 2000)]
    [InlineData(3000, 0, false, true, 0)]
    public void Sender_sends_full_segments_and_small_ones_only_as_nagle_and_sws_avoidance_allow(int unsent, int usable,
        bool shortUnacknowledged, bool noDelay, int expected, int maxPeerWindow = 65535) =>
        Assert.Equal(expected, SenderSillyWindowAvoidance.Sendable(unsent, usable, 1460, shortUnacknowledged, noDelay, maxPeerWindow));

    [Fact]
    public void Receiver_moves_the_right_edge_only_by_at_least_one_mss_and_never_shrinks_it()
    {
        var window = new ReceiveWindow(10_000, scaling: false);
        var next = new SequenceNumber(500);
        Assert.Equal(10_000, window.Advertise(next, 0, 1000));
        // 6000 bytes arrive and are held: the window is what is free.
        next += 6000;
        Assert.Equal(4000, window.Current(next, 6000, 1000));
        // The user takes 500: less than one MSS, the edge stays.
        Assert.Equal(4000, window.Current(next, 5500, 1000));
        // 1000 more taken: the edge moves.
        Assert.Equal(5500, window.Current(next, 4500, 1000));
        // A fuller buffer than advertised does not shrink what was offered.
        Assert.Equal(4000, window.Current(next, 9000, 1000));
    }

    [Fact]
    public void A_scaled_window_keeps_every_octet_it_offered_acceptable_while_full_segments_fill_the_buffer()
    {
        // The kernel interop stall: a 256 kB buffer scales by 3, and each 1460-octet segment moves RCV.NXT by no
        // multiple of 8. The user takes nothing: the window closes, but what was offered stays acceptable. A field
        // rounded down retracted the edge by 4 octets Linux had filled already: the cut-off tail became a hole.
        var window = new ReceiveWindow(256 * 1024, scaling: true);
        Assert.Equal(3, window.OfferedShift);
        window.Negotiated(peerOffered: true);
        var next = new SequenceNumber(1001);
        var furthest = next + (window.Advertise(next, 0, 1460) << 3);
        Assert.Equal(256 * 1024, furthest - next);
        for (var held = 0; furthest - next > 0;)
        {
            // The peer fills the window: full segments, then what is left of it.
            var segment = Math.Min(1460, furthest - next);
            next += segment;
            held += segment;
            var free = 256 * 1024 - held;
            // Everything up to the furthest edge announced stays acceptable, and the window offers less than one
            // scale unit (8 octets) beyond the free space, however often RCV.NXT moves.
            Assert.True(window.Current(next, held, 1460) >= furthest - next, $"RCV.WND shrank below an offered edge at {next}");
            furthest = SequenceNumber.Max(furthest, next + (window.Advertise(next, held, 1460) << 3));
            Assert.InRange(furthest - (next + free), 0, 7);
        }
    }

    [Fact]
    public void One_octet_segments_to_a_user_who_reads_nothing_close_a_scaled_window_within_one_scale_unit_of_the_buffer()
    {
        // Rounding the field up to keep the edge, each time RCV.NXT moved by one octet, would offer the same window
        // for ever: past one scale unit beyond the buffer, the field is rounded down.
        var window = new ReceiveWindow(256 * 1024, scaling: true);
        window.Negotiated(peerOffered: true);
        var start = new SequenceNumber(1001);
        var next = start;
        var held = 256 * 1024 - 20;
        window.Advertise(next, held, 1460);
        while (window.Current(next, held, 1460) > 0)
        {
            Assert.True(next - start < 20 + 8, "the window stays open beyond the buffer");
            next += 1;
            held += 1;
            window.Advertise(next, held, 1460);
        }
    }

    [Fact]
    public void A_buffer_over_64_kib_offers_the_smallest_shift_that_covers_it_and_scales_only_when_the_peer_offered_too()
    {
        var window = new ReceiveWindow(1 << 20, scaling: true);
        Assert.Equal(5, window.OfferedShift);
        Assert.Equal(ushort.MaxValue, window.AdvertiseSyn(0));
        window.Negotiated(peerOffered: true);
        Assert.Equal((1 << 20) >> 5, window.Advertise(new SequenceNumber(1), 0, 1460));
        Assert.Equal(1 << 20, window.Current(new SequenceNumber(1), 0, 1460));
        var unscaled = new ReceiveWindow(1 << 20, scaling: true);
        unscaled.Negotiated(peerOffered: false);
        Assert.Equal(ushort.MaxValue, unscaled.Advertise(new SequenceNumber(1), 0, 1460));
        Assert.Null(new ReceiveWindow(1 << 20, scaling: false).OfferedShift);
        Assert.Equal(0, new ReceiveWindow(65535, scaling: true).OfferedShift);
    }
}
