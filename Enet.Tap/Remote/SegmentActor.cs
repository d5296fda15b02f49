using Akka.Actor;
using Akka.Event;
using Enet.Actors;
using Enet.Actors.Hosting;

namespace Enet.Tap.Remote;

/// <summary>
/// A node's end of a remote segment, at <c>/user/enet-segment-NAME</c> where peers look for it: hands each frame of
/// a peer's <see cref="FrameBatch"/> to every local interface on the segment, acknowledges the batch, and keeps one
/// <see cref="PeerSender"/> child per peer. Batches from a node that is not one of the segment's peers are
/// dropped and counted, as is a malformed batch's damaged rest.
/// </summary>
internal sealed class SegmentActor : ReceiveActor
{
    private readonly RemoteSegment segment;
    private readonly Dictionary<Address, IActorRef> senders = [];
    private readonly ILoggingAdapter log = Context.GetLogger();

    public SegmentActor(RemoteSegment segment, RemoteLinkSettings settings)
    {
        this.segment = segment;
        foreach (var peer in segment.Peers)
        {
            var sender = Context.ActorOf(PeerSender.Props(peer, RemoteSegment.ActorName(segment.Name), settings), $"peer-{senders.Count}");
            peer.Attach(sender);
            senders[peer.Address] = sender;
        }
        Receive<FrameBatch>(Deliver);
    }

    public static Props Props(RemoteSegment segment, RemoteLinkSettings settings) => ActorProps.Create(() => new SegmentActor(segment, settings));

    private void Deliver(FrameBatch batch)
    {
        if (!senders.TryGetValue(Sender.Path.Address, out var peerSender))
        {
            segment.CountForeignBatch();
            log.Warning("remote link {Segment}: dropped a batch from {Node}, which is not one of its peers", segment.Name, Sender.Path.Address);
            return;
        }
        if (!batch.ForEach(segment, static (s, frame) => s.DeliverLocally(null, frame)))
            segment.CountMalformedBatch();
        Sender.Tell(FrameBatchAck.Instance, Self);
        peerSender.Tell(PeerSender.PeerSeen.Instance, Self);
    }
}
