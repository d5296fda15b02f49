namespace Enet.Tap;

/// <summary>
/// A wire inside one process: every frame one endpoint sends arrives, copied into a pooled buffer, at
/// every other endpoint, in send order, as on a hub (two endpoints make a cable). Faults belong in a
/// <see cref="FaultInjector"/> wrapped around an endpoint, not here.
/// </summary>
public sealed class InMemoryWire : IDisposable
{
    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly int mtu;
    private readonly int receiveCapacity;
    private InMemoryWireEndpoint[] endpoints = [];

    public InMemoryWire(int mtu = 1500, int receiveCapacity = 1024, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(mtu, 68);
        this.mtu = mtu;
        this.receiveCapacity = receiveCapacity;
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>Plugs a new endpoint into the wire; it hears every frame sent after this returns.</summary>
    public ILink Attach(string name)
    {
        var endpoint = new InMemoryWireEndpoint(this, name, mtu, new ReceiveQueue(receiveCapacity, new LinkCounters(), time));
        lock (gate)
            endpoints = [.. endpoints, endpoint];
        return endpoint;
    }

    /// <summary>Disposes every endpoint still attached.</summary>
    public void Dispose()
    {
        foreach (var endpoint in Volatile.Read(ref endpoints))
            endpoint.Dispose();
    }

    internal void Carry(InMemoryWireEndpoint from, ReadOnlySpan<byte> frame)
    {
        // Copy-on-write array: senders never take the lock, and a snapshot keeps order per sender.
        foreach (var endpoint in Volatile.Read(ref endpoints))
            if (endpoint != from)
                endpoint.Deliver(frame);
    }

    internal void Detach(InMemoryWireEndpoint endpoint)
    {
        lock (gate)
            endpoints = [.. endpoints.Where(e => e != endpoint)];
    }
}
