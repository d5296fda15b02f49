using System.Buffers.Binary;
using System.Security.Cryptography;
using Enet.Actors.Inet;

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

    public SequenceNumber Next(ConnectionId id)
    {
        // The tuple in wire order: 4-byte addresses for IPv4, 16-byte ones for IPv6.
        var size = id.IsIpv4 ? 4 : 16;
        Span<byte> tuple = stackalloc byte[2 * size + 4];
        Write(id.LocalAddress, tuple);
        BinaryPrimitives.WriteUInt16BigEndian(tuple[size..], id.LocalPort);
        Write(id.RemoteAddress, tuple[(size + 2)..]);
        BinaryPrimitives.WriteUInt16BigEndian(tuple[(2 * size + 2)..], id.RemotePort);
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(key, tuple, hash);
        var m = unchecked((uint)(clock().ToUnixTimeMilliseconds() * 250));
        return new SequenceNumber(unchecked(m + BinaryPrimitives.ReadUInt32BigEndian(hash)));
    }

    private static void Write(InetAddress address, Span<byte> destination)
    {
        if (address.IsIpv4)
            BinaryPrimitives.WriteUInt32BigEndian(destination, address.Ipv4.Value);
        else
            address.Ipv6.Write(destination);
    }
}
