using Enet.Actors.FrameBus;
using Enet.Actors.Ip;
using Enet.Codecs;

namespace Enet.Actors.Interface;

/// <summary>The messages an <see cref="EthInterface"/> understands and answers, in one place.</summary>
public static class Eth
{
    /// <summary>Subscribe the sender to the interface's frame bus; answered with <see cref="Subscribed"/>.
    /// The subscriber then gets <see cref="FramesReady"/> and drains its queue.</summary>
    public sealed record Subscribe(FrameClassifier Classifier, int? Capacity = null)
    {
        /// <summary>Offered each matching frame for the host on the link reader's thread before it is queued.</summary>
        public IFrameFastPath? FastPath { get; init; }
    }

    /// <summary><paramref name="Output"/>: the interface's send side, for senders that send on their own thread.</summary>
    public sealed record Subscribed(FrameSubscription Subscription, EthOutput Output);

    /// <summary>Ends all of the sender's subscriptions.</summary>
    public sealed record Unsubscribe
    {
        public static Unsubscribe Instance { get; } = new();
    }

    /// <summary>Send <paramref name="Payload"/> to <paramref name="Destination"/>; the interface adds its own MAC
    /// as the source and pads short frames.</summary>
    public sealed record Transmit(MacAddress Destination, EtherType EtherType, Bytes Payload)
    {
        /// <summary>Bytes in front of <see cref="Payload"/> in its array that the sender hands over with the message:
        /// with room for the Ethernet header it is written there and the frame goes to the link without a copy.</summary>
        public int Headroom { get; init; }

        /// <summary>The array came from <see cref="FrameBuffers"/> and is handed over with the message: the interface
        /// gives it back once the link and the bus's observers are done with it.</summary>
        public bool Pooled { get; init; }
    }

    /// <summary>Send a whole frame as given (a replay, a test's crafted frame).</summary>
    public sealed record TransmitFrame(Bytes Frame);

    /// <summary>Start reading the link, when <see cref="EthInterfaceSettings.DeferLinkStart"/> held it back.</summary>
    public sealed record StartLink
    {
        public static StartLink Instance { get; } = new();
    }

    /// <summary>Bring the interface up or down (`ip link set up|down`).</summary>
    public sealed record SetAdminState(bool Up);

    public sealed record GetInfo
    {
        public static GetInfo Instance { get; } = new();
    }

    public sealed record Info(string Name, MacAddress Mac, int Mtu, bool IsUp, IReadOnlyList<Ipv4Cidr> Ipv4,
        InterfaceStatistics Statistics, IReadOnlyList<FrameSubscription> Subscriptions);
}
