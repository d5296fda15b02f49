namespace Enet.Remote.Epmd;

/// <summary>
/// What EPMD knows of one node (erl_dist_protocol "Register a Node in EPMD" / PORT2_RESP): its distribution
/// port, whether it is hidden (node type 72) or visible (77), the protocol (0 = TCP/IPv4) and the
/// distribution versions it speaks.
/// </summary>
public sealed record EpmdNodeInfo(string Name, int Port, bool Hidden, byte Protocol = 0, ushort HighestVersion = 6, ushort LowestVersion = 6, byte[]? Extra = null)
{
    public const byte NormalNode = 77;
    public const byte HiddenNode = 72;

    public byte NodeType => Hidden ? HiddenNode : NormalNode;
}
