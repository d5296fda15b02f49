using Enet.Actors.Tcp;
using Enet.Codecs;
using Xunit;

namespace Enet.Tests.Tcp;

public sealed class SackScoreboardTests
{
    private const int Mss = 1000;
    private static readonly SequenceNumber Una = new(1000);

    private static SackBlock Block(int from, int to) => new((Una + from).Value, (Una + to).Value);

    [Fact]
    public void Blocks_merge_and_only_those_between_snd_una_and_snd_max_count()
    {
        var board = new SackScoreboard();
        var max = Una + 10 * Mss;
        Assert.True(board.Update([Block(1000, 2000), Block(3000, 4000)], Una, max));
        // Old news, a D-SACK below SND.UNA (RFC 2883) and a block beyond SND.MAX add nothing.
        Assert.False(board.Update([Block(1000, 2000), new SackBlock((Una - 500).Value, Una.Value), Block(9000, 11000)], Una, max));
        Assert.True(board.Update([Block(2000, 3000)], Una, max));
        Assert.Equal((1, 3000), (board.Count, board.SackedBytes));
        board.Acknowledged(Una + 2500);
        Assert.Equal((1, 1500, Una + 4000), (board.Count, board.SackedBytes, board.SackedEnd(Una + 3000)));
    }

    [Fact]
    public void Is_lost_pipe_and_next_hole_follow_rfc_6675_section_4()
    {
        var board = new SackScoreboard();
        var max = Una + 8 * Mss;
        // Holes [0, 1000), [2000, 3000) and the tail [7000, 8000); 1000 + 4000 bytes SACKed.
        board.Update([Block(1000, 2000), Block(3000, 7000)], Una, max);
        // More than (DupThresh - 1) * SMSS above the first two holes: lost; nothing above the tail.
        Assert.True(board.IsLost(Una, Mss));
        Assert.True(board.IsLost(Una + 2000, Mss));
        Assert.False(board.IsLost(Una + 7000, Mss));
        Assert.Equal(2000, board.LostBytes(Una, Mss));
        // Only the tail is in the pipe; a retransmission of the first hole adds itself.
        Assert.Equal(1000, board.Pipe(Una, max, Una, Mss));
        Assert.Equal(2000, board.Pipe(Una, max, Una + 1000, Mss));
        Assert.Equal((Una, 1000), board.NextHole(Una, Una, Mss, lostOnly: true));
        Assert.Equal((Una + 2000, 1000), board.NextHole(Una, Una + 1000, Mss, lostOnly: true));
        Assert.Null(board.NextHole(Una, Una + 3000, Mss, lostOnly: false));
    }
}
