using System.Buffers.Binary;
using System.Text;
using Enet.Remote.Epmd;

namespace Enet.Fuzz.Targets;

/// <summary>
/// The EPMD codec (erl_dist_protocol "EPMD Protocol") on the bodies a client or the embedded server receives:
/// the node info of ALIVE2_REQ / PORT2_RESP and the NAMES_RESP lines parse or give null, never throw, and node
/// info whose node type and name EPMD defines (77 or 72, UTF-8) encodes back to the bytes it came from.
/// </summary>
public static class EpmdTarget
{
    public static FuzzTarget Target { get; } = new("epmd", Check, _ => Seeds());

    private static void Check(ReadOnlySpan<byte> bytes)
    {
        _ = EpmdCodec.ParseNames(bytes);
        if (EpmdCodec.ParseNodeInfo(bytes) is not { } info)
            return;
        var nameLength = BinaryPrimitives.ReadUInt16BigEndian(bytes[8..]);
        var rawName = bytes.Slice(10, nameLength);
        if (bytes[2] is not (EpmdNodeInfo.NormalNode or EpmdNodeInfo.HiddenNode) || !rawName.SequenceEqual(Encoding.UTF8.GetBytes(info.Name)))
            return;
        var encoded = EpmdCodec.NodeInfo(info);
        ContractViolation.RequireSame(bytes[..encoded.Length], encoded, "EPMD node info");
    }

    private static IEnumerable<byte[]> Seeds()
    {
        yield return EpmdCodec.NodeInfo(new EpmdNodeInfo("enet", 45678, Hidden: false));
        yield return EpmdCodec.NodeInfo(new EpmdNodeInfo("héllo", 1, Hidden: true, Extra: [1, 2, 3]));
        yield return [0, 0, 0x11, 0x11, .. "name enet at port 45678\nname erl at port 1\n"u8];
    }
}
