using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;
using Enet.Remote.AkkaRemote;
using Enet.Remote.AkkaRemote.Tcp;
using Enet.TestKit;
using Google.Protobuf;
using Xunit;

namespace Enet.Tests.Remote;

/// <summary>
/// Akka.Remote's transport in Enet nodes (<see cref="EnetTcpTransport"/>): a failed outbound TLS handshake is a failed
/// association and no more (Akka's DotNetty transport shuts the node down on one), plain Akka.NET systems on DotNetty
/// stay peers with and without TLS, and its write queue is bounded. Nodes in this process on loopback ports the OS picks.
/// </summary>
public sealed class EnetTcpTransportTests : EnetTestKit, IAsyncLifetime
{
    private readonly AkkaNodes nodes = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await nodes.DisposeAsync();

    [Fact]
    public async Task A_peer_that_drops_the_connection_mid_TLS_handshake_is_pang_and_the_node_lives_on()
    {
        using var pki = new ThrowawayCertificates();
        var (b, bKernel) = Node(AkkaNodes.Tls(pki.Issue("b"), pki.CaFile));
        var (a, aKernel) = Node(AkkaNodes.Tls(pki.Issue("a"), pki.CaFile));
        using var dropper = new TcpListener(IPAddress.Loopback, 0);
        dropper.Start();
        var hangUps = HangUpAfterFirstBytesAsync(dropper);
        var inbox = CreateTestProbe();
        b.ActorOf(Props.Create(() => new Forwarder(inbox.Ref)), "inbox");

        Assert.False(await aKernel.ConnectNodeAsync($"akka.ssl.tcp://enet@127.0.0.1:{((IPEndPoint)dropper.LocalEndpoint).Port}"));
        Assert.True(await hangUps.WaitAsync(TimeSpan.FromSeconds(10)) >= 1, "the peer saw no ClientHello");
        Assert.Null(CoordinatedShutdown.Get(a).ShutdownReason);

        Assert.True(await aKernel.ConnectNodeAsync(bKernel.NodeName));
        a.ActorSelection(bKernel.NodeName + "/user/inbox").Tell("alive");
        Assert.Equal("alive", inbox.ExpectMsg<string>(TimeSpan.FromSeconds(10)));
        Assert.Null(CoordinatedShutdown.Get(a).ShutdownReason);
    }

    /// <summary>Same wire as Akka's own transport: a plain Akka.NET system over DotNetty's TLS talks with an Enet node both ways.</summary>
    [Fact]
    public async Task A_plain_Akka_system_on_DotNetty_TLS_and_an_Enet_node_exchange_messages_both_ways()
    {
        using var pki = new ThrowawayCertificates();
        var (enet, kernel) = Node(AkkaNodes.Tls(pki.Issue("enet"), pki.CaFile));
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(pki.Issue("plain"), ThrowawayCertificates.Password);
        var plain = ActorSystem.Create("plain", BootstrapSetup.Create().WithConfig(ConfigurationFactory.ParseString("""
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0, enable-ssl = on }
            akka.loglevel = WARNING
            """)).And(new DotNettySslSetup(certificate, suppressValidation: true, requireMutualAuthentication: true)));
        nodes.Add(plain);
        var plainNode = ((ExtendedActorSystem)plain).Provider.DefaultAddress.ToString();
        Assert.StartsWith("akka.ssl.tcp://plain@127.0.0.1:", plainNode);
        var (enetInbox, plainInbox) = (CreateTestProbe(), CreateTestProbe());
        enet.ActorOf(Props.Create(() => new Forwarder(enetInbox.Ref)), "inbox");
        plain.ActorOf(Props.Create(() => new Forwarder(plainInbox.Ref)), "inbox");

        plain.ActorSelection(kernel.NodeName + "/user/inbox").Tell("from plain");
        Assert.Equal("from plain", enetInbox.ExpectMsg<string>(TimeSpan.FromSeconds(15)));
        enet.ActorSelection(plainNode + "/user/inbox").Tell("from enet");
        Assert.Equal("from enet", plainInbox.ExpectMsg<string>(TimeSpan.FromSeconds(15)));
        await AwaitAssertAsync(async () => Assert.Contains(plainNode, await kernel.NodesAsync()), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
    }

    /// <summary>
    /// A peer that reads nothing: the socket fills, then the queue, and a write past the queue's limit is refused (Akka's
    /// endpoint writer then buffers and retries). Once the peer reads, writes are taken again, and every frame arrived whole.
    /// </summary>
    [Fact]
    public async Task Writes_past_the_queue_limit_are_refused_until_the_peer_reads()
    {
        const int limit = 256 * 1024;
        var transport = new EnetTcpTransport(Sys, ConfigurationFactory.ParseString($$"""
            hostname = "127.0.0.1", port = 0, maximum-frame-size = 32000b, connection-timeout = 10s,
            send-buffer-size = 64KiB, receive-buffer-size = 64KiB, write-buffer-high-water-mark = {{limit}}b
            """).WithFallback(ConfigurationFactory.ParseString("byte-order = little-endian")));
        using var peer = new TcpListener(IPAddress.Loopback, 0);
        peer.Server.ReceiveBufferSize = 64 * 1024;
        peer.Start();
        var accepted = peer.AcceptTcpClientAsync();
        var handle = (SocketAssociation)await transport.Associate(new Address("tcp", "peer", "127.0.0.1", ((IPEndPoint)peer.LocalEndpoint).Port));
        using var reader = await accepted;
        var frame = ByteString.CopyFrom(Enumerable.Range(0, 30_000).Select(k => (byte)k).ToArray());

        var queued = 0;
        while (handle.Write(frame))
        {
            queued++;
            Assert.True(queued < 10_000, "300 MB went into a connection whose peer reads nothing");
        }
        Assert.InRange(handle.QueuedBytes, limit, limit + 4 + frame.Length);

        var received = ReadFramesAsync(reader.GetStream(), frame);
        await AwaitConditionAsync(() => Task.FromResult(handle.Write(frame)), TimeSpan.FromSeconds(10));
        queued++;
        await AwaitConditionAsync(() => Task.FromResult(handle.QueuedBytes == 0), TimeSpan.FromSeconds(10));
        await transport.Shutdown();
        Assert.Equal(queued, await received.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>Reads frames (a 4-byte little-endian length, then <paramref name="expected"/>'s bytes) until the connection ends; returns how many.</summary>
    private static async Task<int> ReadFramesAsync(NetworkStream stream, ByteString expected)
    {
        var frame = new byte[4 + expected.Length];
        var count = 0;
        while (true)
        {
            try
            {
                await stream.ReadExactlyAsync(frame);
            }
            catch (EndOfStreamException)
            {
                return count;
            }
            Assert.Equal(expected.Length, BitConverter.ToInt32(frame, 0));
            Assert.True(expected.Span.SequenceEqual(frame.AsSpan(4)), $"frame {count} arrived changed");
            count++;
        }
    }

    private static async Task<int> HangUpAfterFirstBytesAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var hello = new byte[5];
        await client.GetStream().ReadExactlyAsync(hello);
        client.Client.Close(0);
        return hello[0] == 0x16 ? 1 : 0;
    }

    private (ActorSystem System, AkkaNetKernel Kernel) Node(string hocon) => nodes.Start(hocon);
}
