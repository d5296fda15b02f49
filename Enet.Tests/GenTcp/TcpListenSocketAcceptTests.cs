using System.Net;
using Akka.Actor;
using Akka.TestKit;
using Enet.Actors.GenTcp;
using Enet.Actors.Tcp;
using Enet.Codecs;
using Enet.TestKit;
using Xunit;
using Api = Enet.Actors.GenTcp.GenTcp;
using TcpIo = Akka.IO.Tcp;

namespace Enet.Tests.GenTcp;

/// <summary>
/// gen_tcp:accept's order of messages, on the listen socket alone (the layer and the connection are probes). A test
/// probe runs on the calling thread, so the connection handles Adopt inside the listen socket's Tell: the worst
/// interleaving of two real actors, every time.
/// </summary>
public sealed class TcpListenSocketAcceptTests : EnetTestKit
{
    /// <summary>
    /// An adopted socket hands its owner the data it holds at once (curl's request, right behind the handshake); an owner
    /// that hears of the socket only afterwards drops that data as from an unknown socket (the http service did, and
    /// curl hung: TcpKernelInteropTests, CI of 85b4ea0).
    /// </summary>
    [Fact]
    public void The_owner_hears_Accepted_before_any_data_of_the_accepted_socket()
    {
        var (layer, owner, connection) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        var listen = Sys.ActorOf(TcpListenSocketActor.Props(layer.Ref, 8080, [], owner.Ref, owner.Ref));
        layer.ExpectMsg<EnetTcp.GetSettings>();
        layer.ExpectMsg<TcpLayer.WithFace>();
        listen.Tell(new TcpIo.Bound(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 8080)), layer.Ref);
        owner.ExpectMsg<Api.Listening>();
        connection.SetAutoPilot(new DelegateAutoPilot((_, message) =>
        {
            if (message is TcpSocketActor.Adopt adopt)
                adopt.Owner.Tell(new Api.Data(connection.Ref, Bytes.CopyFrom("GET / HTTP/1.1\r\n\r\n"u8)), connection.Ref);
            return AutoPilot.KeepRunning;
        }));

        listen.Tell(new TcpIo.Connected(new IPEndPoint(IPAddress.Parse("192.0.2.2"), 40000), new IPEndPoint(IPAddress.Parse("192.0.2.1"), 8080)), connection.Ref);
        listen.Tell(new Api.Accept(), owner.Ref);

        Assert.Equal(connection.Ref, owner.ExpectMsg<Api.Accepted>().Socket);
        Assert.Equal(connection.Ref, owner.ExpectMsg<Api.Data>().Socket);
    }
}
