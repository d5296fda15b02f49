namespace Enet.Actors.Inet;

/// <summary>The counters of inet:getstat/1,2, in the order getstat/1 lists them.</summary>
public enum InetStat
{
    RecvOct,
    RecvCnt,
    RecvMax,
    RecvAvg,
    RecvDvi,
    SendOct,
    SendCnt,
    SendMax,
    SendAvg,
    SendPend,
}
