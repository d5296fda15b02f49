using Akka.Actor;
using Enet.Actors.Hosting;
using Enet.Actors.Ip;

namespace Enet.Host.Commands;

/// <summary>
/// Waits until duplicate address detection (RFC 4862 5.4) has ended for every IPv6 address of the started hosts:
/// a tentative address neither sends nor accepts echoes, so a ping started at once would lose its first requests
/// (Linux's ping refuses a tentative source the same way). Bounded: DAD takes dad-transmits seconds.
/// </summary>
internal static class Ipv6Readiness
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    public static async Task WaitAsync(IReadOnlyList<RunningHost> hosts, CancellationToken cancel)
    {
        var layers = hosts.SelectMany(h => h.Interfaces.Values).Select(s => s.Ipv6).OfType<IActorRef>().ToList();
        var deadline = DateTimeOffset.UtcNow + Limit;
        while (DateTimeOffset.UtcNow < deadline && !cancel.IsCancellationRequested)
        {
            var answers = await Task.WhenAll(layers.Select(l => l.Ask<Ipv6.Addresses>(Ipv6.GetAddresses.Instance, TimeSpan.FromSeconds(5))));
            if (answers.All(a => a.All.All(address => address.State != Ipv6AddressState.Tentative)))
                return;
            // The IPv6 layer publishes no event when DAD ends; asking again shortly is what `ip -6 addr` users do.
            await Task.Delay(Poll, cancel).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
