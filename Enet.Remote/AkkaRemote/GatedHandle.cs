using Akka.Event;
using Akka.Remote.Transport;
using Google.Protobuf;

namespace Enet.Remote.AkkaRemote;

/// <summary>
/// An inbound association behind <see cref="AllowGate"/>: its first PDU must be Akka's Associate from an allowed node,
/// or the connection is closed and everything it carries is dropped. Afterwards every event passes unchanged. Reads
/// start only once Akka's protocol layer listens (the transport holds the socket until then), so no PDU passes out of order.
/// </summary>
internal sealed class GatedHandle : AssociationHandle
{
    private readonly AssociationHandle inner;
    private readonly ILoggingAdapter log;

    public GatedHandle(AssociationHandle inner, AllowGate gate, ILoggingAdapter log)
        : base(inner.LocalAddress, inner.RemoteAddress)
    {
        this.inner = inner;
        this.log = log;
        ReadHandlerSource.Task.ContinueWith(t => inner.ReadHandlerSource.TrySetResult(new Filter(this, gate, t.Result)),
            TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously);
    }

    public override bool Write(ByteString payload) => inner.Write(payload);

    [Obsolete("Use the method that states reasons to make sure disassociation reasons are logged.")]
    public override void Disassociate() => inner.Disassociate("Akka's protocol layer closed it", log);

    /// <summary>The gate on the read side: called by the transport, one event at a time and in order.</summary>
    private sealed class Filter(GatedHandle handle, AllowGate gate, IHandleEventListener upstream) : IHandleEventListener
    {
        private enum State { Waiting, Open, Refused }

        private State state;

        public void Notify(IHandleEvent ev)
        {
            if (state == State.Waiting && ev is InboundPayload first)
            {
                state = gate.Admit(AssociatePdu.Origin(first.Payload), handle.RemoteAddress) ? State.Open : State.Refused;
                if (state == State.Refused)
                    handle.inner.Disassociate("the peer is not in enet.remote.allow", handle.log);
            }
            // A refused connection's close still goes up: the protocol layer's waiting handshake stops on it.
            if (state != State.Refused || ev is Disassociated)
                upstream.Notify(ev);
        }
    }
}
