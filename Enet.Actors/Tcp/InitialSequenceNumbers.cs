using System.Buffers.Binary;

namespace Enet.Actors.Tcp;

/// <summary>
/// RFC 6528 3: ISN = M + F(localip, localport, remoteip, remoteport, secretkey), M a timer ticking every 4
/// microseconds, F a keyed hash (SipHash-2-4 under a random key made once per layer, as Linux's secure_tcp_seq), so
/// sequence numbers of one 4-tuple keep increasing across incarnations while another tuple's cannot be guessed from
/// them. It runs for every SYN a listener answers and every connect: an HMAC-SHA-256 of the tuple took 1.8 us, this 30 ns
/// (InitialSequenceNumberBenchmarks).
/// </summary>
public sealed class InitialSequenceNumbers
{
    private readonly SipHash key;
    private readonly Func<DateTimeOffset> clock;

    /// <param name="key">16 bytes; a random key when null.</param>
    public InitialSequenceNumbers(Func<DateTimeOffset> clock, byte[]? key = null)
    {
        this.clock = clock;
        this.key = key is null ? SipHash.Random() : SipHash.FromKey(key);
    }

    public SequenceNumber Next(ConnectionId id)
    {
        Span<byte> tuple = stackalloc byte[ConnectionId.TupleLength + 1];
        id.WriteTuple(tuple);
        tuple[^1] = (byte)id.LocalAddress.Family;
        var m = unchecked((uint)(clock().ToUnixTimeMilliseconds() * 250));
        return new SequenceNumber(unchecked(m + (uint)key.Hash(tuple)));
    }
}
