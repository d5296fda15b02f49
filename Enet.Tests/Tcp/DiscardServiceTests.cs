using Akka.Actor;
using Enet.Actors.Discard;
using Enet.Actors.Hosting;
using Enet.Actors.Inet;
using Enet.Actors.Tcp;
using Enet.Codecs;
using Enet.Tests.Actors;
using Xunit;

namespace Enet.Tests.Tcp;

using Tcp = Akka.IO.Tcp;
using Udp = Enet.Actors.Udp.Udp;

/// <summary>The discard service (RFC 863) on TCP and UDP port 9, between two hosts on an in-memory wire.</summary>
public sealed class DiscardServiceTests : NetworkTestKit
{
    private static readonly Ipv4Address AddressA = new(192, 0, 2, 1);
    private static readonly TimeSpan Wire = TimeSpan.FromSeconds(10);

    private readonly RunningHost a, b;

    public DiscardServiceTests()
    {
        a = Network.AddHostAsync("a", TestFrames.HostA, $"{AddressA}/24", services: ["arp", "icmp", "discard"]).GetAwaiter().GetResult();
        b = Network.AddHostAsync("b", TestFrames.HostB, "192.0.2.2/24").GetAwaiter().GetResult();
    }

    private DiscardCounts Counts(string service)
    {
        var name = $"{a.Interfaces.Keys.Single()}-{service}";
        return Sys.ActorSelection(a.Host.Path / name).Ask<DiscardCounts>(GetDiscardCounts.Instance, Wire).GetAwaiter().GetResult();
    }

    [Fact]
    public void Tcp_data_is_taken_and_counted_nothing_comes_back_and_a_fin_is_answered_with_ours()
    {
        var tcp = b.Interfaces.Values.Single().Tcp!;
        // The service binds as it starts; until then port 9 is refused.
        AwaitAssert(() =>
        {
            tcp.Tell(Io.Connect(AddressA, TcpDiscard.Port), TestActor);
            ExpectMsg<Tcp.Connected>(Wire);
        }, Wire);
        var connection = LastSender;
        connection.Tell(new Tcp.Register(TestActor), TestActor);
        var chunk = new byte[64 * 1024];
        for (var i = 0; i < 16; i++)
        {
            connection.Tell(Io.Write(chunk, i), TestActor);
            // A full send buffer refuses the write (Akka.IO's NACK): wait for room and write it again.
            while (ExpectMsg<object>(Wire) is Tcp.CommandFailed)
            {
                connection.Tell(Tcp.ResumeWriting.Instance, TestActor);
                ExpectMsg<Tcp.WritingResumed>(Wire);
                connection.Tell(Io.Write(chunk, i), TestActor);
            }
        }
        connection.Tell(Tcp.ConfirmedClose.Instance, TestActor);
        // RFC 863: "No response is sent": the first thing back is the end of the connection.
        ExpectMsg<Tcp.ConfirmedClosed>(Wire);
        Assert.Equal(new DiscardCounts(1, 16 * chunk.Length), Counts("tcp-discard"));
    }

    [Fact]
    public void Udp_datagrams_are_counted()
    {
        var udp = b.Interfaces.Values.Single().Udp!;
        udp.Tell(new Udp.Open(0, [InetOption.Active(true)]), TestActor);
        var socket = ExpectMsg<Udp.Opened>(Wire).Socket;
        for (var i = 0; i < 3; i++)
            socket.Tell(new Udp.Send(new InetAddress(AddressA), UdpDiscard.Port, new byte[100], Ack: true), TestActor);
        ExpectMsg<Udp.Ok>(Wire);
        ExpectMsg<Udp.Ok>(Wire);
        ExpectMsg<Udp.Ok>(Wire);
        AwaitAssert(() => Assert.Equal(new DiscardCounts(3, 300), Counts("udp-discard")), Wire);
    }
}
