namespace Enet.Actors.GenTcp;

/// <summary>The <c>{packet, ...}</c> option of a TCP socket (inet(3)): no framing, a 1, 2 or 4 byte big-endian length
/// header added on send and stripped on receive, or lines ended by the line_delimiter byte, <c>\n</c> by default (receive side only).</summary>
public enum PacketType
{
    Raw,
    One,
    Two,
    Four,
    Line,
}
