using System.Collections.Concurrent;
using Akka.Actor.Setup;

namespace Enet.Configuration;

/// <summary>
/// What <see cref="AkkaTls"/>'s check said about the server certificate of an outbound connection, for the transport's
/// gate (Enet.Remote's AllowGate) to act on. Akka.Remote shuts the whole node down when an outbound TLS handshake fails,
/// so a connect_node to a node with an untrusted certificate would end this one; instead the check lets the handshake
/// finish and the gate closes the connection before Akka's protocol layer writes a byte to it.
/// </summary>
public sealed class OutboundCertificateVerdicts : Setup
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<bool>> pending = new();

    /// <summary>Called by the gate before it connects to <paramref name="peer"/> (the address as the transport names it).</summary>
    public Task<bool> Expect(string peer) =>
        pending.GetOrAdd(peer, _ => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>The gate gave up on <paramref name="peer"/> (the connect failed).</summary>
    public void Forget(string peer) => pending.TryRemove(peer, out _);

    /// <summary>Hands the verdict to a waiting gate; false when none waits (the check must then refuse itself).</summary>
    internal bool Deliver(string peer, bool trusted)
    {
        if (!pending.TryRemove(peer, out var waiting))
            return false;
        waiting.TrySetResult(trusted);
        return true;
    }
}
