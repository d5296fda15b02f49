using Enet.TestKit;
using Enet.Actors.Icmp;
using Enet.Actors.Interface;
using Enet.Actors.Ip;
using Enet.Actors.Ndp;
using Enet.Codecs;
using Akka.Actor;
using Enet.Tap;
using Xunit;

namespace Enet.Tests.Actors;

/// <summary>
/// An Enet interface with an IPv6 layer (and ICMPv6 responder) at one end of an in-memory wire, the test playing
/// the neighbour with hand-made frames at the other, timers on virtual time.
/// </summary>
public abstract class Ipv6Scenario : EnetTestKit
{
    public static readonly MacAddress EnetMac = TestFrames.HostA;
    public static readonly MacAddress PeerMac = TestFrames.HostB;
    public static readonly Ipv6Address EnetLinkLocal = Ipv6Address.Parse("fe80::ff:fe00:a");
    public static readonly Ipv6Address PeerLinkLocal = Ipv6Address.Parse("fe80::ff:fe00:b");
    public static readonly Ipv6Address EnetGlobal = Ipv6Address.Parse("2001:db8:5::2");
    public static readonly Ipv6Address PeerGlobal = Ipv6Address.Parse("2001:db8:5::1");

    /// <summary>No DAD and no random delays, so the wire carries only what a test provokes.</summary>
    public static readonly Ipv6Settings Quiet = new(EnetMac, [Ipv6Cidr.Parse("2001:db8:5::2/64")])
    {
        Ndp = NdpSettings.Default with { DupAddrDetectTransmits = 0, MaxDadDelay = TimeSpan.Zero },
    };

    private readonly InMemoryWire wire = new();
    protected readonly ILink Peer;
    protected readonly IActorRef EthActor;

    protected Ipv6Scenario() : base(useVirtualTime: true)
    {
        Peer = wire.Attach("peer");
        EthActor = Sys.ActorOf(LinkReader.InterfaceProps(Tracked(wire.Attach("eth0")), new EthInterfaceSettings("eth0", EnetMac)), "eth0");
    }

    protected IActorRef Layer { get; private set; } = ActorRefs.Nobody;

    protected IActorRef Responder { get; private set; } = ActorRefs.Nobody;

    /// <summary>Starts the layer and the ICMPv6 responder and waits until the layer's bus subscription is in place.</summary>
    protected IActorRef Start(Ipv6Settings? settings = null, bool responder = true)
    {
        Layer = Sys.ActorOf(Ipv6Layer.Props(EthActor, settings ?? Quiet), "ipv6");
        if (responder)
            Responder = Sys.ActorOf(Icmpv6Responder.Props(Layer), "icmpv6");
        AwaitAssert(() =>
        {
            EthActor.Tell(Eth.GetInfo.Instance, TestActor);
            Assert.NotEmpty(ExpectMsg<Eth.Info>().Subscriptions);
        });
        if (responder)
            AwaitAssert(() =>
            {
                Layer.Tell(Ipv6.GetProtocols.Instance, TestActor);
                Assert.Contains(IpProtocol.Icmpv6, ExpectMsg<Ipv6.Protocols>().Registered);
            });
        return Layer;
    }

    protected void FromPeer(MacAddress destination, byte[] packet) =>
        Assert.True(Peer.TrySend(Ipv6TestFrames.Frame(destination, PeerMac, packet)));

    protected Ipv6.Statistics Statistics()
    {
        Layer.Tell(Ipv6.GetStatistics.Instance, TestActor);
        return ExpectMsg<Ipv6.Statistics>();
    }

    protected IReadOnlyList<Neighbor> Neighbors()
    {
        Layer.Tell(Ipv6.GetNeighbors.Instance, TestActor);
        return ExpectMsg<Ipv6.Neighbors>().Entries;
    }

    protected Neighbor? NeighborOf(Ipv6Address address) => Neighbors().SingleOrDefault(n => n.Address == address);

    protected IReadOnlyList<Ipv6.Address> Addresses()
    {
        Layer.Tell(Ipv6.GetAddresses.Instance, TestActor);
        return ExpectMsg<Ipv6.Addresses>().All;
    }

    /// <summary>Waits until the layer has handled everything sent to it before (a round trip through its mailbox)
    /// and the neighbour of <paramref name="address"/> is in <paramref name="state"/>.</summary>
    protected void AwaitState(Ipv6Address address, NeighborState? state) =>
        AwaitAssert(() => Assert.Equal(state, NeighborOf(address)?.State));

    /// <summary>The next IPv6 packet Enet put on the wire, with its Ethernet destination.</summary>
    protected (MacAddress Destination, byte[] Packet) NextPacket(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(3));
        while (true)
        {
            using var frame = Peer.Received.ReadAsync(cancel.Token).AsTask().GetAwaiter().GetResult();
            Assert.True(EthernetFrame.TryParse(frame.Span, out var ethernet, out _));
            if (ethernet.EtherType != EtherType.Ipv6)
                continue;
            Assert.True(Ipv6Packet.TryParse(ethernet.Payload, out var packet, out _));
            return (ethernet.Destination, ethernet.Payload[..(Ipv6Packet.HeaderLength + packet.Payload.Length)].ToArray());
        }
    }

    /// <summary>The next ICMPv6 message Enet sent, checked for a good checksum.</summary>
    protected (MacAddress LinkDestination, Ipv6Header Header, Icmpv6Message Message) NextIcmp(TimeSpan? timeout = null)
    {
        var (destination, bytes) = NextPacket(timeout);
        Assert.True(Ipv6Packet.TryParse(bytes, out var packet, out _));
        Assert.Equal(IpProtocol.Icmpv6, packet.UpperLayerProtocol);
        Assert.True(Icmpv6Packet.TryParse(packet.UpperLayerPayload, out var icmp, out _));
        Assert.Equal(ChecksumStatus.Good, icmp.VerifyChecksum(InternetChecksum.PseudoHeader(packet.Source, packet.Destination,
            IpProtocol.Icmpv6, packet.UpperLayerPayload.Length)));
        return (destination, Ipv6Header.FromPacket(packet), Icmpv6Message.FromPacket(icmp));
    }

    protected (MacAddress LinkDestination, Ipv6Header Header, NdpMessage Ndp) NextNdp(TimeSpan? timeout = null)
    {
        var (destination, header, message) = NextIcmp(timeout);
        Assert.True(message.TryGetNdp(out var ndp, out _), $"not an ND message: {message.Type}");
        Assert.Equal(255, header.HopLimit);
        return (destination, header, ndp);
    }

    /// <summary>No IPv6 packet from Enet (but what was read), once the system is idle.</summary>
    protected void ExpectWireSilent()
    {
        AwaitIdle();
        while (Peer.Received.TryRead(out var frame))
            using (frame)
                Assert.False(EthernetFrame.TryParse(frame.Span, out var ethernet, out _) && ethernet.EtherType == EtherType.Ipv6,
                    "Enet sent an IPv6 packet");
    }

    /// <summary>Asks the layer to send an echo request to <paramref name="destination"/> on behalf of the test (a datagram
    /// we originate, so it goes through the neighbour cache).</summary>
    protected void SendFromEnet(Ipv6Address destination, ushort sequence = 1, int length = 8) =>
        Layer.Tell(new Ipv6.Send(Ipv6Address.Unspecified, destination, IpProtocol.Icmpv6, EchoRequest(0x99, sequence, length), ChecksumOffset: 2), TestActor);

    /// <summary>An echo request with a zero checksum, for the layer to fill in.</summary>
    protected static byte[] EchoRequest(ushort identifier, ushort sequence, int length)
    {
        var message = new Icmpv6Message(Icmpv6Type.EchoRequest, 0, 0, (uint)identifier << 16 | sequence, Ipv6TestFrames.Pattern(length));
        var bytes = new byte[message.Length];
        message.Emit(bytes, 0);
        return bytes;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        wire.Dispose();
    }
}
