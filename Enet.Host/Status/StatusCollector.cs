using Akka.Actor;
using Enet.Actors.Arp;
using Enet.Actors.Diagnostics;
using Enet.Actors.Hosting;
using Enet.Actors.Interface;
using Enet.Actors.Ip;

namespace Enet.Host.Status;

/// <summary>Asks every interface of the running hosts, and the layers above it, for their counters.</summary>
public static class StatusCollector
{
    /// <summary>A layer slower than this is shown as unknown this round rather than holding the display up.</summary>
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(2);

    public static Task<InterfaceStatus[]> CollectAsync(IReadOnlyList<RunningHost> hosts) =>
        Task.WhenAll(hosts.SelectMany(h => h.Interfaces.Values.Select(s => CollectAsync($"{h.Settings.Name}/{s.Settings.Name}", s))));

    private static async Task<InterfaceStatus> CollectAsync(string name, InterfaceStack stack)
    {
        var info = Ask<Eth.Info>(stack.Interface, Eth.GetInfo.Instance);
        var arp = Ask<Arp.Table>(stack.Arp, Arp.GetTable.Instance);
        var ndp = Ask<Ipv6.Neighbors>(stack.Ipv6, Ipv6.GetNeighbors.Instance);
        var tcp = Ask<TcpStatus.TcpStatistics>(stack.Tcp, TcpStatus.GetTcpStatistics.Instance);
        var udp = Ask<Actors.Udp.Udp.Statistics>(stack.Udp, Actors.Udp.Udp.GetStatistics.Instance);
        var statistics = (await info)?.Statistics;
        return new InterfaceStatus(name, statistics?.RxPackets ?? 0, statistics?.RxBytes ?? 0, statistics?.TxPackets ?? 0,
            statistics?.TxBytes ?? 0, (statistics?.RxDrops ?? 0) + (statistics?.TxDrops ?? 0),
            (await arp)?.Entries.Count, (await ndp)?.Entries.Count, await tcp, (await udp)?.Sockets);
    }

    private static async Task<T?> Ask<T>(IActorRef? layer, object question) where T : class
    {
        if (layer is null)
            return null;
        try
        {
            return await layer.Ask<T>(question, AskTimeout);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            return null;
        }
    }
}
