using System.Buffers.Binary;
using System.Security.Cryptography;
using Enet.Codecs;

namespace Enet.Actors.Tcp;

/// <summary>
/// RFC 6528 3: ISN = M + F(localip, localport, remoteip, remoteport, secretkey), M a timer ticking every 4
/// microseconds, F a keyed hash (here HMAC-SHA-256 under a random key made once per layer), so sequence numbers of
/// one 4-tuple keep increasing across incarnations while another tuple's cannot be guessed from them.
/// </summary>
public sealed class InitialSequenceNumbers
{
    private readonly byte[] key;
    private readonly Func<DateTimeOffset> clock;

    public InitialSequenceNumbers(Func<DateTimeOffset> clock, byte[]? key = null)
    {
        this.clock = clock;
        this.key = key ?? RandomNumberGenerator.GetBytes(32);
    }

    public SequenceNumber Next(Ipv4Address local, ushort localPort, Ipv4Address remote, ushort remotePort)
    {
        Span<byte> tuple = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(tuple, local.Value);
        BinaryPrimitives.WriteUInt16BigEndian(tuple[4..], localPort);
        BinaryPrimitives.WriteUInt32BigEndian(tuple[6..], remote.Value);
        BinaryPrimitives.WriteUInt16BigEndian(tuple[10..], remotePort);
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(key, tuple, hash);
        var m = unchecked((uint)(clock().ToUnixTimeMilliseconds() * 250));
        return new SequenceNumber(unchecked(m + BinaryPrimitives.ReadUInt32BigEndian(hash)));
    }
}
