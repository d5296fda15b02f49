namespace Enet.Actors.Udp;

/// <summary>The layer's counters, shared with its sockets (which send straight to IP): written with Interlocked
/// from several actors, read as a snapshot.</summary>
internal sealed class UdpCounters
{
    public long InDatagrams, NoPorts, InErrors, OutDatagrams, RcvbufErrors, PortUnreachables;

    public static void Increment(ref long counter) => Interlocked.Increment(ref counter);
}
