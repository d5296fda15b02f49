using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Remote.Transport;
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
        // No passive connections: each side sends over a connection it opened, so Enet's transport is TLS client and server.
        var (enet, kernel) = Node(AkkaNodes.Tls(pki.Issue("enet"), pki.CaFile) + "\nakka.remote.use-passive-connections = off");
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(pki.Issue("plain"), ThrowawayCertificates.Password);
        var plain = ActorSystem.Create("plain", BootstrapSetup.Create().WithConfig(ConfigurationFactory.ParseString("""
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0, enable-ssl = on }
            akka.remote.use-passive-connections = off
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
        var (transport, handle, reader) = await ConnectToSilentPeerAsync();
        try
        {
            var queued = FillUntilRefused(handle);
            Assert.InRange(handle.MaxQueuedBytes, QueueLimit, QueueLimit + 4 + Frame.Length);

            var received = ReadFramesAsync(reader.GetStream(), Frame);
            await AwaitConditionAsync(() => Task.FromResult(handle.Write(Frame)), TimeSpan.FromSeconds(10));
            queued++;
            await AwaitConditionAsync(() => Task.FromResult(handle.QueuedBytes == 0), TimeSpan.FromSeconds(10));
            await transport.Shutdown();
            Assert.Equal(queued, await received.WaitAsync(TimeSpan.FromSeconds(10)));
        }
        finally
        {
            await transport.Shutdown();
            reader.Dispose();
        }
    }

    /// <summary>What was queued before Disassociate still goes out, then a half-close: the peer reads every frame, then its end.</summary>
    [Fact]
    public async Task Disassociating_writes_what_is_queued_then_half_closes()
    {
        var (transport, handle, reader) = await ConnectToSilentPeerAsync();
        try
        {
            for (var k = 0; k < 3; k++)
                Assert.True(handle.Write(Frame));
            handle.Disassociate("the test is done with it", Akka.Event.NoLogger.Instance);
            Assert.False(handle.Write(Frame));
            Assert.Equal(3, await ReadFramesAsync(reader.GetStream(), Frame).WaitAsync(TimeSpan.FromSeconds(10)));
        }
        finally
        {
            await transport.Shutdown();
            reader.Dispose();
        }
    }

    /// <summary>A peer that stops reading cannot hold a disassociated connection: it closes after flush-wait-on-shutdown.</summary>
    [Fact]
    public async Task A_disassociated_connection_whose_peer_reads_nothing_is_closed_after_the_flush_wait()
    {
        var (transport, handle, reader) = await ConnectToSilentPeerAsync();
        try
        {
            FillUntilRefused(handle);
            handle.Disassociate("the test is done with it", Akka.Event.NoLogger.Instance);
            // flush-wait-on-shutdown is Akka's default, 2 s; the queue still holds bytes nobody will read.
            await handle.Ended.WaitAsync(TimeSpan.FromSeconds(15));
            Assert.True(handle.QueuedBytes > 0);
        }
        finally
        {
            await transport.Shutdown();
            reader.Dispose();
        }
    }

    [Fact]
    public async Task A_burst_of_PDUs_written_in_one_turn_goes_out_in_fewer_writes_than_PDUs()
    {
        // 300 small PDUs fit the socket's buffers, so a transport writing each as it comes makes 300 writes.
        const int Pdus = 300;
        var (transport, handle, reader) = await ConnectToSilentPeerAsync();
        try
        {
            var small = ByteString.CopyFrom(new byte[100]);
            await Task.Run(() =>
            {
                for (var k = 0; k < Pdus; k++)
                    Assert.True(handle.Write(small));
            });
            await AwaitConditionAsync(() => Task.FromResult(handle.QueuedBytes == 0), TimeSpan.FromSeconds(10));
            await transport.Shutdown();
            Assert.Equal(Pdus, await ReadFramesAsync(reader.GetStream(), small).WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.InRange(handle.Writes, 1, Pdus / 2);
        }
        finally
        {
            await transport.Shutdown();
            reader.Dispose();
        }
    }

    /// <summary>Inbound: frames of every size up to maximum-frame-size arrive whole and in order, small ones many to a read.</summary>
    [Fact]
    public async Task Frames_small_and_larger_than_the_read_buffer_reach_the_protocol_layer_whole_and_in_order()
    {
        var transport = new EnetTcpTransport(Sys, ConfigurationFactory.ParseString("""
            hostname = "127.0.0.1", port = 0, maximum-frame-size = 1MiB, connection-timeout = 10s, byte-order = little-endian
            """));
        try
        {
            var (address, listening) = await transport.Listen();
            var inbound = new Inbound();
            listening.SetResult(inbound);
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, address.Port!.Value);
            var handle = await inbound.Association.Task.WaitAsync(TimeSpan.FromSeconds(10));
            var payloads = new Payloads();
            handle.ReadHandlerSource.SetResult(payloads);
            var random = new Random(17);
            // Sizes around the 64 KiB read buffer and up to the limit (which counts the 4-byte length).
            var frames = new[] { 1, 100, 65_532, 65_536, 70_000, 300_000, 1024 * 1024 - 4, 5 }
                .Select(n => { var b = new byte[n]; random.NextBytes(b); return b; }).ToArray();
            var wire = frames.SelectMany(f => BitConverter.GetBytes(f.Length).Concat(f)).ToArray();
            await client.GetStream().WriteAsync(wire);

            for (var k = 0; k < frames.Length; k++)
                Assert.Equal(frames[k], (await payloads.Next.WaitAsync(TimeSpan.FromSeconds(10))).ToByteArray());
        }
        finally
        {
            await transport.Shutdown();
        }
    }

    private sealed class Inbound : IAssociationEventListener
    {
        public TaskCompletionSource<AssociationHandle> Association { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Notify(IAssociationEvent ev) => Association.TrySetResult(((InboundAssociation)ev).Association);
    }

    /// <summary>The payloads the transport hands up, in order.</summary>
    private sealed class Payloads : IHandleEventListener
    {
        private readonly System.Threading.Channels.Channel<ByteString> received = System.Threading.Channels.Channel.CreateUnbounded<ByteString>();

        public Task<ByteString> Next => received.Reader.ReadAsync().AsTask();

        public void Notify(IHandleEvent ev)
        {
            if (ev is InboundPayload payload)
                received.Writer.TryWrite(payload.Payload);
        }
    }

    private const int QueueLimit = 256 * 1024;

    private static readonly ByteString Frame = ByteString.CopyFrom(Enumerable.Range(0, 30_000).Select(k => (byte)k).ToArray());

    /// <summary>An association of a transport with a small queue and small socket buffers to a peer that reads only when told.</summary>
    private async Task<(EnetTcpTransport Transport, SocketAssociation Handle, TcpClient Reader)> ConnectToSilentPeerAsync()
    {
        var transport = new EnetTcpTransport(Sys, ConfigurationFactory.ParseString($$"""
            hostname = "127.0.0.1", port = 0, maximum-frame-size = 32000b, connection-timeout = 10s, byte-order = little-endian,
            send-buffer-size = 64KiB, receive-buffer-size = 64KiB, write-buffer-high-water-mark = {{QueueLimit}}b
            """));
        using var peer = new TcpListener(IPAddress.Loopback, 0);
        peer.Server.ReceiveBufferSize = 64 * 1024;
        peer.Start();
        var accepted = peer.AcceptTcpClientAsync();
        var handle = (SocketAssociation)await transport.Associate(new Address("tcp", "peer", "127.0.0.1", ((IPEndPoint)peer.LocalEndpoint).Port));
        return (transport, handle, await accepted);
    }

    /// <summary>Writes until the queue refuses (the socket's buffers and then the queue are full); returns how many were taken.</summary>
    private static int FillUntilRefused(SocketAssociation handle)
    {
        var queued = 0;
        while (handle.Write(Frame))
        {
            queued++;
            Assert.True(queued < 10_000, "300 MB went into a connection whose peer reads nothing");
        }
        return queued;
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
