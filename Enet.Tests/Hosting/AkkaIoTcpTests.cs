using System.Net;
using Akka.Actor;
using Akka.IO;
using AkkaTcp = Akka.IO.Tcp;
using Enet.TestKit;
using Xunit;

namespace Enet.Tests.Hosting;

/// <summary>Akka.IO's TCP protocol through <c>system.Enet().Tcp(host)</c>, between two hosts on an in-memory wire.</summary>
public sealed class AkkaIoTcpTests : EnetTestKit
{
    private const string Hosts = """
        enet.hosts {
          h1 { services = [arp, icmp, tcp-echo], interfaces.eth0 { link = wire, device = lan, mac = "02:00:00:00:00:01", ipv4 = ["192.0.2.1/24"] } }
          h2 { interfaces.eth0 { link = wire, device = lan, mac = "02:00:00:00:00:02", ipv4 = ["192.0.2.2/24"] } }
        }
        """;

    private static readonly IPEndPoint H1Echo = new(IPAddress.Parse("192.0.2.1"), 7);

    public AkkaIoTcpTests() => Sys.Enet().StartHostsAsync(Hosts).Wait(TimeSpan.FromSeconds(20));

    [Fact]
    public void Connect_register_write_with_ack_and_read_the_echo_then_close()
    {
        Sys.Enet().Tcp("h2").Tell(new AkkaTcp.Connect(H1Echo), TestActor);
        var connected = ExpectMsg<AkkaTcp.Connected>(TimeSpan.FromSeconds(10));
        Assert.Equal(H1Echo, connected.RemoteAddress);
        Assert.Equal(IPAddress.Parse("192.0.2.2"), ((IPEndPoint)connected.LocalAddress).Address);
        var connection = LastSender;
        connection.Tell(new AkkaTcp.Register(TestActor), TestActor);
        connection.Tell(AkkaTcp.Write.Create(ByteString.FromString("hello"), new Written(1)), TestActor);
        ExpectMsg(new Written(1));
        Assert.Equal("hello", ExpectMsg<AkkaTcp.Received>(TimeSpan.FromSeconds(5)).Data.ToString());
        connection.Tell(AkkaTcp.Close.Instance, TestActor);
        ExpectMsg<AkkaTcp.Closed>(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void A_connect_to_a_port_nobody_listens_on_fails_with_CommandFailed()
    {
        var connect = new AkkaTcp.Connect(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 4444));
        Sys.Enet().Tcp("h2").Tell(connect, TestActor);
        Assert.Same(connect, ExpectMsg<AkkaTcp.CommandFailed>(TimeSpan.FromSeconds(10)).Cmd);
    }

    [Fact]
    public void Bind_accepts_connections_for_the_handler_and_unbind_frees_the_port()
    {
        var handler = CreateTestProbe();
        Sys.Enet().Tcp("h1").Tell(new AkkaTcp.Bind(handler.Ref, new IPEndPoint(IPAddress.Any, 8080)), TestActor);
        Assert.Equal(8080, ((IPEndPoint)ExpectMsg<AkkaTcp.Bound>(TimeSpan.FromSeconds(5)).LocalAddress).Port);
        var listener = LastSender;

        var client = CreateTestProbe();
        Sys.Enet().Tcp("h2").Tell(new AkkaTcp.Connect(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 8080)), client.Ref);
        var clientSide = client.ExpectMsg<AkkaTcp.Connected>(TimeSpan.FromSeconds(10));
        var serverSide = handler.ExpectMsg<AkkaTcp.Connected>(TimeSpan.FromSeconds(10));
        Assert.Equal(clientSide.LocalAddress, serverSide.RemoteAddress);
        var server = handler.LastSender;
        var clientConnection = client.LastSender;
        server.Tell(new AkkaTcp.Register(handler.Ref), handler.Ref);
        clientConnection.Tell(new AkkaTcp.Register(client.Ref), client.Ref);

        server.Tell(AkkaTcp.Write.Create(ByteString.FromString("from h1")), handler.Ref);
        Assert.Equal("from h1", client.ExpectMsg<AkkaTcp.Received>(TimeSpan.FromSeconds(5)).Data.ToString());
        clientConnection.Tell(AkkaTcp.Write.Create(ByteString.FromString("from h2")), client.Ref);
        Assert.Equal("from h2", handler.ExpectMsg<AkkaTcp.Received>(TimeSpan.FromSeconds(5)).Data.ToString());

        listener.Tell(AkkaTcp.Unbind.Instance, TestActor);
        ExpectMsg<AkkaTcp.Unbound>(TimeSpan.FromSeconds(5));
        // The accepted connection outlives the listener, as in Akka.IO; the peer's FIN reaches the handler.
        clientConnection.Tell(AkkaTcp.Close.Instance, client.Ref);
        client.ExpectMsg<AkkaTcp.Closed>(TimeSpan.FromSeconds(5));
        handler.ExpectMsg<AkkaTcp.PeerClosed>(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Binding_a_port_that_is_taken_fails_with_CommandFailed()
    {
        var bind = new AkkaTcp.Bind(TestActor, new IPEndPoint(IPAddress.Any, 7));
        Sys.Enet().Tcp("h1").Tell(bind, TestActor);
        Assert.Same(bind, ExpectMsg<AkkaTcp.CommandFailed>(TimeSpan.FromSeconds(5)).Cmd);
    }

    [Fact]
    public void Abort_resets_the_connection_and_answers_Aborted()
    {
        Sys.Enet().Tcp("h2").Tell(new AkkaTcp.Connect(H1Echo), TestActor);
        ExpectMsg<AkkaTcp.Connected>(TimeSpan.FromSeconds(10));
        var connection = LastSender;
        connection.Tell(new AkkaTcp.Register(TestActor), TestActor);
        Watch(connection);
        connection.Tell(AkkaTcp.Abort.Instance, TestActor);
        ExpectMsg<AkkaTcp.Aborted>(TimeSpan.FromSeconds(5));
        ExpectTerminated(connection, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void A_host_nobody_started_is_a_clear_error()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => Sys.Enet().Tcp("h9"));
        Assert.Contains("h9", error.Message);
    }

    private sealed class Written(int number) : AkkaTcp.Event
    {
        public int Number { get; } = number;

        public override bool Equals(object? obj) => obj is Written other && other.Number == Number;

        public override int GetHashCode() => Number;
    }
}
