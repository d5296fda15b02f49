using System.Buffers.Binary;
using Enet.Codecs;

namespace Enet.Actors.Tcp;

/// <summary>The options of an arriving segment a connection uses, read in one pass: MSS (RFC 9293 3.2, 3.7.1), window
/// scale (RFC 7323 2.2), timestamps (RFC 7323 3.2), SACK-permitted and SACK blocks (RFC 2018 sections 2 and 3). An
/// option whose length is wrong for its kind is ignored.</summary>
internal readonly record struct InboundOptions(int Mss, int? WindowScale, TcpTimestamps? Timestamps, bool SackPermitted,
    SackBlock[]? Sack)
{
    /// <summary>RFC 9293 3.7.1: 536 when a SYN carries no MSS option.</summary>
    public const int DefaultMss = 536;

    public static InboundOptions Read(TcpPacket packet)
    {
        var mss = DefaultMss;
        int? scale = null;
        TcpTimestamps? timestamps = null;
        var sackPermitted = false;
        SackBlock[]? sack = null;
        var options = packet.ReadOptions();
        while (options.TryRead(out var option))
            switch (option.Kind)
            {
                case TcpOptionKind.MaxSegmentSize when option.Length == 4:
                    mss = BinaryPrimitives.ReadUInt16BigEndian(option.Data);
                    break;
                // RFC 7323 2.3: a shift above 14 is taken as 14.
                case TcpOptionKind.WindowScale when option.Length == 3:
                    scale = Math.Min((int)option.Data[0], ReceiveWindow.MaximumShift);
                    break;
                case TcpOptionKind.Timestamps when option.Length == 10:
                    timestamps = new TcpTimestamps(BinaryPrimitives.ReadUInt32BigEndian(option.Data),
                        BinaryPrimitives.ReadUInt32BigEndian(option.Data[4..]));
                    break;
                case TcpOptionKind.SackPermitted when option.Length == 2:
                    sackPermitted = true;
                    break;
                // RFC 2018 3: a length of 2 + 8 * n, at most four blocks in 40 bytes of options.
                case TcpOptionKind.Sack when option.Length >= 10 && (option.Length - 2) % 8 == 0:
                    sack = new SackBlock[(option.Length - 2) / 8];
                    for (var i = 0; i < sack.Length; i++)
                        sack[i] = new SackBlock(BinaryPrimitives.ReadUInt32BigEndian(option.Data[(8 * i)..]),
                            BinaryPrimitives.ReadUInt32BigEndian(option.Data[(8 * i + 4)..]));
                    break;
            }
        return new InboundOptions(mss, scale, timestamps, sackPermitted, sack);
    }
}
