using Enet.Actors.Inet;
using Xunit;

namespace Enet.Tests.Inet;

using Inet = Enet.Actors.Inet.Inet;

/// <summary>getstat arithmetic against what inet_drv reported for the same datagram sizes on OTP 25.</summary>
public class SocketCountersTests
{
    private static SocketCounters Received(params int[] sizes)
    {
        var counters = new SocketCounters();
        foreach (var size in sizes)
            counters.CountReceived(size);
        return counters;
    }

    [Fact]
    public void Receive_counters_of_10_20_30_0_100_bytes()
    {
        var c = Received(10, 20, 30, 0, 100);
        Assert.Equal((160L, 5L, 100L, 32L, 13L), (c[InetStat.RecvOct], c[InetStat.RecvCnt], c[InetStat.RecvMax], c[InetStat.RecvAvg], c[InetStat.RecvDvi]));
    }

    [Fact]
    public void Receive_deviation_is_reported_as_its_absolute_value()
    {
        // 10, 0, 0: the running deviation ends near -2.78; inet_drv reports fabs, truncated.
        var c = Received(10, 0, 0);
        Assert.Equal((10L, 3L, 10L, 3L, 2L), (c[InetStat.RecvOct], c[InetStat.RecvCnt], c[InetStat.RecvMax], c[InetStat.RecvAvg], c[InetStat.RecvDvi]));
    }

    [Fact]
    public void Send_counters_of_1_5_0_10_1_bytes()
    {
        var c = new SocketCounters();
        foreach (var size in new[] { 1, 5, 0, 10, 1 })
            c.CountSent(size);
        Assert.Equal((17L, 5L, 10L, 3L, 0L), (c[InetStat.SendOct], c[InetStat.SendCnt], c[InetStat.SendMax], c[InetStat.SendAvg], c[InetStat.SendPend]));
    }

    [Fact]
    public void Getstat_lists_all_ten_counters_in_inets_order()
    {
        var all = Received(5).Snapshot();
        Assert.Equal("{recv_oct,5} {recv_cnt,1} {recv_max,5} {recv_avg,5} {recv_dvi,0} {send_oct,0} {send_cnt,0} {send_max,0} {send_avg,0} {send_pend,0}",
            string.Join(' ', all));
    }

    [Fact]
    public void Getstat_names_keep_the_order_asked_and_an_unknown_name_is_einval()
    {
        var stats = Inet.ParseStats(["send_cnt", "recv_cnt"]);
        Assert.Equal("{send_cnt,0} {recv_cnt,3}", string.Join(' ', Received(10, 0, 0).Snapshot(stats.Value)));
        Assert.Equal(Posix.Einval, Inet.ParseStats(["recv_cnt", "foo"]).Error);
        Assert.Empty(Received(1).Snapshot(Inet.ParseStats([]).Value));
    }
}
