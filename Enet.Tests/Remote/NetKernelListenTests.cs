using System.Net;
using System.Net.Sockets;
using Enet.Remote;
using Enet.TestKit;
using Xunit;

namespace Enet.Tests.Remote;

/// <summary>Where the distribution listener binds: peers find the node at whatever its host name resolves to.</summary>
public sealed class NetKernelListenTests : EnetTestKit
{
    private readonly int _epmdPort = ErlangPeer.FreePort();

    [Fact]
    public async Task A_short_named_node_accepts_connections_at_every_address_its_host_name_resolves_to()
    {
        var name = NetKernelSettings.ShortNodeName("listen_" + Guid.NewGuid().ToString("N")[..8]);
        await using var kernel = await NetKernel.StartAsync(Sys, Settings(name));
        Assert.Equal(name, kernel.NodeName);
        Assert.Equal(IPAddress.Any, kernel.ListenAddress);
        var host = name[(name.IndexOf('@') + 1)..];
        var addresses = (await Dns.GetHostAddressesAsync(host)).Where(a => a.AddressFamily == AddressFamily.InterNetwork).ToList();
        Assert.NotEmpty(addresses);
        foreach (var address in addresses)
        {
            // erl's inet_tcp_dist connects to the first IPv4 address; each must reach this node, not another listener.
            using var client = new TcpClient();
            await client.ConnectAsync(address, kernel.Port).WaitAsync(TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public async Task A_localhost_node_listens_on_loopback_only()
    {
        await using var kernel = await NetKernel.StartAsync(Sys, Settings("listen_" + Guid.NewGuid().ToString("N")[..8] + "@localhost"));
        Assert.Equal(IPAddress.Loopback, kernel.ListenAddress);
    }

    [Fact]
    public async Task A_chosen_listen_address_is_where_the_node_listens_whatever_its_name()
    {
        var name = NetKernelSettings.ShortNodeName("listen_" + Guid.NewGuid().ToString("N")[..8]);
        await using var kernel = await NetKernel.StartAsync(Sys, Settings(name) with { ListenAddress = IPAddress.Loopback });
        Assert.Equal(IPAddress.Loopback, kernel.ListenAddress);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, kernel.Port).WaitAsync(TimeSpan.FromSeconds(5));
    }

    private NetKernelSettings Settings(string name) => new(name) { Cookie = "listen", EpmdPort = _epmdPort };
}
