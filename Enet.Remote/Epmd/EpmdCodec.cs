using System.Buffers.Binary;
using System.Text;

namespace Enet.Remote.Epmd;

/// <summary>Builds and parses the EPMD messages; shared by the client and the embedded server.</summary>
internal static class EpmdCodec
{
    /// <summary>A request with its 2-byte length prefix.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> body)
    {
        var frame = new byte[2 + body.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)body.Length);
        body.CopyTo(frame.AsSpan(2));
        return frame;
    }

    /// <summary>
    /// PortNo, NodeType, Protocol, HighestVersion, LowestVersion, Nlen, NodeName, Elen, Extra: the common
    /// tail of ALIVE2_REQ and PORT2_RESP.
    /// </summary>
    public static byte[] NodeInfo(EpmdNodeInfo info)
    {
        var name = Encoding.UTF8.GetBytes(info.Name);
        var extra = info.Extra ?? [];
        var bytes = new byte[10 + name.Length + 2 + extra.Length];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)info.Port);
        span[2] = info.NodeType;
        span[3] = info.Protocol;
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], info.HighestVersion);
        BinaryPrimitives.WriteUInt16BigEndian(span[6..], info.LowestVersion);
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], (ushort)name.Length);
        name.CopyTo(span[10..]);
        BinaryPrimitives.WriteUInt16BigEndian(span[(10 + name.Length)..], (ushort)extra.Length);
        extra.CopyTo(span[(12 + name.Length)..]);
        return bytes;
    }

    public static EpmdNodeInfo? ParseNodeInfo(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 12)
            return null;
        var nameLength = BinaryPrimitives.ReadUInt16BigEndian(bytes[8..]);
        if (bytes.Length < 12 + nameLength)
            return null;
        var extraLength = BinaryPrimitives.ReadUInt16BigEndian(bytes[(10 + nameLength)..]);
        if (bytes.Length < 12 + nameLength + extraLength)
            return null;
        return new EpmdNodeInfo(
            Encoding.UTF8.GetString(bytes.Slice(10, nameLength)),
            BinaryPrimitives.ReadUInt16BigEndian(bytes),
            bytes[2] == EpmdNodeInfo.HiddenNode,
            bytes[3],
            BinaryPrimitives.ReadUInt16BigEndian(bytes[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(bytes[6..]),
            bytes.Slice(12 + nameLength, extraLength).ToArray());
    }

    /// <summary>NAMES_RESP: EPMD's port, then one "name &lt;Name&gt; at port &lt;Port&gt;" line per node (epmd_srv.c);
    /// other lines are skipped. Null when even the port is missing.</summary>
    public static IReadOnlyList<(string Name, int Port)>? ParseNames(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4)
            return null;
        var names = new List<(string, int)>();
        foreach (var line in Encoding.UTF8.GetString(bytes[4..]).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            if (parts.Length == 5 && parts[0] == "name" && int.TryParse(parts[4], out var p))
                names.Add((parts[1], p));
        }
        return names;
    }
}
