namespace Enet.Actors.Inet;

/// <summary>
/// A socket's inet:getstat counters, computed as inet_drv computes them (erts inet_drv.c inet_input_count and
/// inet_output_count): averages are running means in floating point, recv_dvi the running mean of each size's
/// deviation from the updated average, and both are reported truncated, recv_dvi as its absolute value. Counted
/// are the datagrams handed to the owner (delivered or returned by recv) and the sends accepted.
/// </summary>
public sealed class SocketCounters
{
    private long recvCnt, recvMax, recvOct, sendCnt, sendMax, sendOct;
    private double recvAvg, recvDvi, sendAvg;

    public void CountReceived(int length)
    {
        var n = ++recvCnt;
        recvOct += length;
        recvAvg += (length - recvAvg) / n;
        recvMax = Math.Max(recvMax, length);
        recvDvi += (length - recvAvg - recvDvi) / n;
    }

    public void CountSent(int length)
    {
        var n = ++sendCnt;
        sendOct += length;
        sendAvg += (length - sendAvg) / n;
        sendMax = Math.Max(sendMax, length);
    }

    /// <summary>send_pend is always 0: a UDP send is handed to IP at once, nothing waits in the socket.</summary>
    public long this[InetStat stat] => stat switch
    {
        InetStat.RecvOct => recvOct,
        InetStat.RecvCnt => recvCnt,
        InetStat.RecvMax => recvMax,
        InetStat.RecvAvg => (long)recvAvg,
        InetStat.RecvDvi => (long)Math.Abs(recvDvi),
        InetStat.SendOct => sendOct,
        InetStat.SendCnt => sendCnt,
        InetStat.SendMax => sendMax,
        InetStat.SendAvg => (long)sendAvg,
        InetStat.SendPend => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(stat), stat, null),
    };

    public IReadOnlyList<InetStatValue> Snapshot(IReadOnlyList<InetStat>? stats = null) =>
        [.. (stats ?? Enum.GetValues<InetStat>()).Select(s => new InetStatValue(s, this[s]))];
}
