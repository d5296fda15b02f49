using System.Net;
using Akka.IO;
using Enet.TestKit;
using Xunit;

namespace Enet.Tests.Hosting;

/// <summary>Akka.IO's UDP protocol through <c>system.Enet().Udp(host)</c>.</summary>
public sealed class AkkaIoUdpTests : EnetTestKit
{
    private const string Hosts = """
        enet.hosts {
          h1 { services = [arp, icmp, udp-echo], interfaces.eth0 { link = wire, device = lan, mac = "02:00:00:00:00:01", ipv4 = ["192.0.2.1/24"] } }
          h2 { interfaces.eth0 { link = wire, device = lan, mac = "02:00:00:00:00:02", ipv4 = ["192.0.2.2/24"] } }
        }
        """;

    public AkkaIoUdpTests() => Sys.Enet().StartHostsAsync(Hosts).Wait(TimeSpan.FromSeconds(20));

    [Fact]
    public void Bind_send_with_ack_receive_the_echo_and_unbind()
    {
        Sys.Enet().Udp("h2").Tell(new Udp.Bind(TestActor, new IPEndPoint(IPAddress.Any, 5000)), TestActor);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 5000), ExpectMsg<Udp.Bound>(TimeSpan.FromSeconds(5)).LocalAddress);
        var socket = LastSender;
        var echo = new IPEndPoint(IPAddress.Parse("192.0.2.1"), 7);
        socket.Tell(new Udp.Send(ByteString.FromString("ping"), echo, new Sent()), TestActor);
        ExpectMsg<Sent>(TimeSpan.FromSeconds(5));
        var received = ExpectMsg<Udp.Received>(TimeSpan.FromSeconds(10));
        Assert.Equal("ping", received.Data.ToString());
        Assert.Equal(echo, received.Sender);
        socket.Tell(Udp.Unbind.Instance, TestActor);
        ExpectMsg<Udp.Unbound>(TimeSpan.FromSeconds(5));
        // The port is free again.
        Sys.Enet().Udp("h2").Tell(new Udp.Bind(TestActor, new IPEndPoint(IPAddress.Any, 5000)), TestActor);
        ExpectMsg<Udp.Bound>(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Binding_an_address_no_interface_holds_fails_with_CommandFailed()
    {
        var bind = new Udp.Bind(TestActor, new IPEndPoint(IPAddress.Parse("198.51.100.1"), 5000));
        Sys.Enet().Udp("h2").Tell(bind, TestActor);
        Assert.Same(bind, ExpectMsg<Udp.CommandFailed>(TimeSpan.FromSeconds(5)).Cmd);
    }

    private sealed class Sent : Udp.Event;
}
