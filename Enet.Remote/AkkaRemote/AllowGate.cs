using Akka.Actor;
using Akka.Event;
using Akka.Remote.Transport;

namespace Enet.Remote.AkkaRemote;

/// <summary>
/// <c>enet.remote.allow</c> at Akka.Remote's transport (an adapter under Akka's protocol layer, registered in
/// reference.conf): an outbound association to an unlisted node fails before a byte is sent, and an inbound one is
/// closed at its first PDU, the Associate that names the peer, unless the peer is listed. Nothing a refused peer sends
/// reaches Akka's protocol layer, so no endpoint starts, no AssociatedEvent is published and no message reaches an
/// actor. The scheme stays the wrapped transport's (<c>tcp</c>, <c>ssl.tcp</c>), so plain Akka systems still talk to
/// the node. Like Erlang's allow, it trusts the name the peer gives; TLS (enet.remote.tls) authenticates the peer.
/// </summary>
public sealed class AllowGate : Transport
{
    private readonly Transport wrapped;
    private readonly AkkaAllowList allow;
    private readonly ILoggingAdapter log;

    public AllowGate(Transport wrapped, ExtendedActorSystem system)
    {
        this.wrapped = wrapped;
        allow = AkkaAllowList.Get(system);
        log = Logging.GetLogger(system, typeof(AllowGate));
        System = system;
        SchemeIdentifier = wrapped.SchemeIdentifier;
        MaximumPayloadBytes = wrapped.MaximumPayloadBytes;
    }

    public override async Task<(Address, TaskCompletionSource<IAssociationEventListener>)> Listen()
    {
        var (address, wrappedListener) = await wrapped.Listen().ConfigureAwait(false);
        var upstream = new TaskCompletionSource<IAssociationEventListener>(TaskCreationOptions.RunContinuationsAsynchronously);
        wrappedListener.TrySetResult(new InboundListener(this, upstream.Task));
        return (address, upstream);
    }

    public override bool IsResponsibleFor(Address remote) => wrapped.IsResponsibleFor(remote);

    public override Task<AssociationHandle> Associate(Address remoteAddress)
    {
        if (allow.IsAllowed(remoteAddress))
            return wrapped.Associate(remoteAddress);
        allow.CountRefused();
        log.Info("Not associating with {0}: not in enet.remote.allow", remoteAddress);
        return Task.FromException<AssociationHandle>(new InvalidAssociationException($"{remoteAddress} is not in enet.remote.allow"));
    }

    public override Task<bool> Shutdown() => wrapped.Shutdown();

    public override Task<bool> ManagementCommand(object message) => wrapped.ManagementCommand(message);

    /// <summary>Whether an inbound association whose peer names itself <paramref name="origin"/> may go on; counts a refusal.</summary>
    internal bool Admit(Address? origin, Address socket)
    {
        if (origin is not null && allow.IsAllowed(origin))
            return true;
        allow.CountRefused();
        log.Warning("Refused an association from {0} ({1}): {2}", origin?.ToString() ?? "a peer that sent no Associate", socket,
            origin is null ? "its first PDU was not Akka's Associate" : "not in enet.remote.allow");
        return false;
    }

    /// <summary>Hands every inbound association upward behind a <see cref="GatedHandle"/>.</summary>
    private sealed class InboundListener(AllowGate gate, Task<IAssociationEventListener> upstream) : IAssociationEventListener
    {
        public void Notify(IAssociationEvent ev)
        {
            if (ev is InboundAssociation inbound)
            {
                var handle = new GatedHandle(inbound.Association, gate, gate.log);
                // Akka's protocol layer registers its listener before the transport reads a byte (Remoting.Listen).
                upstream.ContinueWith(t => t.Result.Notify(new InboundAssociation(handle)), TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously);
            }
        }
    }
}

/// <summary>The gate's provider, named in reference.conf's akka.remote.adapters.</summary>
public sealed class AllowGateProvider : ITransportAdapterProvider
{
    public Transport Create(Transport wrappedTransport, ExtendedActorSystem system) => new AllowGate(wrappedTransport, system);
}
