using System.Buffers.Binary;

namespace Enet.Actors.GenTcp;

/// <summary>
/// The send side of <c>{packet, N}</c> (inet(3)): a big-endian unsigned length header of N bytes before each send's
/// data. raw and line add nothing (line is receive-side only, as in inet_drv).
/// </summary>
public static class PacketFraming
{
    public static int HeaderLength(PacketType type) => type switch
    {
        PacketType.One => 1,
        PacketType.Two => 2,
        PacketType.Four => 4,
        _ => 0,
    };

    /// <summary>The largest body the header can announce: 255, 65535, and 2 GB for 4 (inet(3): "limited to 2 GB").</summary>
    public static long MaxBody(PacketType type) => type switch
    {
        PacketType.One => byte.MaxValue,
        PacketType.Two => ushort.MaxValue,
        PacketType.Four => int.MaxValue,
        _ => long.MaxValue,
    };

    /// <summary>The bytes to send for <paramref name="data"/>, header included; false when the header cannot say its
    /// length. inet_drv wraps the length mod 2^(8N) and sends (probed on OTP 25: 257 bytes with {packet,1} arrived as
    /// a 1-byte packet followed by garbage); Enet refuses such a send with emsgsize instead, so a peer never sees a
    /// stream that has lost its framing.</summary>
    public static bool TryFrame(PacketType type, ReadOnlySpan<byte> data, out byte[] framed)
    {
        var header = HeaderLength(type);
        if (data.Length > MaxBody(type))
        {
            framed = [];
            return false;
        }
        framed = new byte[header + data.Length];
        switch (type)
        {
            case PacketType.One:
                framed[0] = (byte)data.Length;
                break;
            case PacketType.Two:
                BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)data.Length);
                break;
            case PacketType.Four:
                BinaryPrimitives.WriteUInt32BigEndian(framed, (uint)data.Length);
                break;
        }
        data.CopyTo(framed.AsSpan(header));
        return true;
    }
}
