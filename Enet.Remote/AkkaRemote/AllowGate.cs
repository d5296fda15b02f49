using Akka.Actor;
using Akka.Event;
using Akka.Remote.Transport;
using Enet.Configuration;

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

    /// <summary>Set when enet.remote.tls is on: the server certificate check of each outbound connection.</summary>
    private readonly OutboundCertificateVerdicts? verdicts;

    /// <summary>Set when enet.remote.tls is on: the trial handshake that keeps a peer refusing our certificate from
    /// failing Akka's own outbound handshake (which shuts the node down).</summary>
    private readonly OutboundTlsProbe? probe;

    public AllowGate(Transport wrapped, ExtendedActorSystem system)
    {
        this.wrapped = wrapped;
        allow = AkkaAllowList.Get(system);
        log = Logging.GetLogger(system, typeof(AllowGate));
        var tls = system.Settings.Setup.Get<OutboundCertificateVerdicts>();
        verdicts = tls.HasValue ? tls.Value : null;
        var trial = system.Settings.Setup.Get<OutboundTlsProbe>();
        probe = trial.HasValue ? trial.Value : null;
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
            return verdicts is null ? wrapped.Associate(remoteAddress) : AssociateTrusted(remoteAddress, verdicts);
        allow.CountRefused();
        log.Info("Not associating with {0}: not in enet.remote.allow", remoteAddress);
        return Task.FromException<AssociationHandle>(new InvalidAssociationException($"{remoteAddress} is not in enet.remote.allow"));
    }

    /// <summary>
    /// Over TLS: the transport returns the connection once its handshake is over, in which the check gave its verdict
    /// on the server's certificate. An untrusted one is closed here before Akka's protocol layer writes to it (the
    /// check let the handshake succeed: a failed outbound handshake makes Akka.Remote shut the node down).
    /// </summary>
    private async Task<AssociationHandle> AssociateTrusted(Address remoteAddress, OutboundCertificateVerdicts verdicts)
    {
        if (probe is not null && remoteAddress is { Host: { } host, Port: { } port } && !await probe.HandshakeCompletesAsync(host, port).ConfigureAwait(false))
        {
            allow.CountRefused();
            log.Warning("Not associating with {0}: a TLS 1.2 handshake with our certificate failed (the peer refused it, or speaks no TLS 1.2)", remoteAddress);
            throw new InvalidAssociationException($"{remoteAddress}: a TLS 1.2 handshake with our certificate failed");
        }
        var peer = remoteAddress.ToString();
        var verdict = verdicts.Expect(peer);
        AssociationHandle handle;
        try
        {
            handle = await wrapped.Associate(remoteAddress).ConfigureAwait(false);
        }
        catch
        {
            verdicts.Forget(peer);
            throw;
        }
        if (verdict.IsCompletedSuccessfully && verdict.Result)
            return handle;
        verdicts.Forget(peer);
        handle.Disassociate("its certificate does not chain to enet.remote.tls.trust", log);
        log.Warning("Not associating with {0}: its certificate does not chain to enet.remote.tls.trust", remoteAddress);
        throw new InvalidAssociationException($"{remoteAddress}: its certificate does not chain to enet.remote.tls.trust");
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
