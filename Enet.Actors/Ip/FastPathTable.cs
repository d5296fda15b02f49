using Enet.Codecs;

namespace Enet.Actors.Ip;

/// <summary>
/// An IP layer's fast paths by protocol number (<see cref="IIpv4FastPath"/>, <see cref="IIpv6FastPath"/>): written by the
/// layer actor when a protocol registers, read by the link reader for every frame; and how many packets they took.
/// </summary>
internal sealed class FastPathTable<T>
    where T : class
{
    private readonly T?[] byProtocol = new T?[256];
    private long taken;

    /// <summary>The packets taken (each received and delivered, RFC 4293's InReceives and InDelivers).</summary>
    public long Taken => Interlocked.Read(ref taken);

    public void Register(IpProtocol protocol, T? fastPath) => Volatile.Write(ref byProtocol[(byte)protocol], fastPath);

    public T? For(IpProtocol protocol) => Volatile.Read(ref byProtocol[(byte)protocol]);

    public void CountTaken() => Interlocked.Increment(ref taken);
}
