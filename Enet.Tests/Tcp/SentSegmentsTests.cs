using Enet.Actors.Tcp;
using Xunit;

namespace Enet.Tests.Tcp;

/// <summary>What RACK reads of the segments in flight (RFC 8985 6): times per range, retransmissions splitting ranges,
/// and whether the entries are still in send order, which lets RACK's walks stop early.</summary>
public sealed class SentSegmentsTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;

    private static SequenceNumber At(uint n) => new(n);

    [Fact]
    public void A_retransmission_splits_the_ranges_it_covers_and_stays_out_of_send_order_until_acknowledged()
    {
        var sent = new SentSegments();
        sent.Sent(At(0), At(1000), T0);
        sent.Sent(At(1000), At(2000), T0.AddMilliseconds(1));
        sent.Sent(At(2000), At(3000), T0.AddMilliseconds(2));
        Assert.True(sent.InSendOrder);

        // Part of the second range again: it splits in two, the part resent carries the new time.
        sent.Sent(At(1000), At(1500), T0.AddMilliseconds(10));
        Assert.False(sent.InSendOrder);
        Assert.Equal([(At(0), At(1000), false), (At(1000), At(1500), true), (At(1500), At(2000), false), (At(2000), At(3000), false)],
            sent.Entries.ToArray().Select(e => (e.Start, e.End, e.Retransmitted)));

        // The same part a third time: still one retransmitted entry, which a split of it copies.
        sent.Sent(At(1000), At(1500), T0.AddMilliseconds(20));
        sent.Sent(At(1200), At(1300), T0.AddMilliseconds(30));
        Assert.Equal(3, sent.Entries.ToArray().Count(e => e.Retransmitted));
        sent.Acknowledged(At(1300));
        Assert.False(sent.InSendOrder);
        sent.Acknowledged(At(1500));
        Assert.True(sent.InSendOrder);
        Assert.Equal(At(1500), sent.Entries[0].Start);

        sent.Sent(At(1500), At(3000), T0.AddMilliseconds(40));
        Assert.False(sent.InSendOrder);
        sent.Clear();
        Assert.True(sent.InSendOrder);
    }
}
