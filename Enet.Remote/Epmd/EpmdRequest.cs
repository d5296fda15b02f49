namespace Enet.Remote.Epmd;

/// <summary>The request and response codes of erl_dist_protocol "EPMD Protocol".</summary>
public static class EpmdRequest
{
    public const byte Alive2Req = 120;
    public const byte Alive2Resp = 121;
    public const byte Alive2XResp = 118;
    public const byte PortPlease2Req = 122;
    public const byte Port2Resp = 119;
    public const byte NamesReq = 110;
    public const byte DumpReq = 100;
    public const byte KillReq = 107;

    /// <summary>EPMD's well-known port; ERL_EPMD_PORT overrides it for both erl and epmd.</summary>
    public const int DefaultPort = 4369;
}
