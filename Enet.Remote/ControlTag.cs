namespace Enet.Remote;

/// <summary>Control message tags of erl_dist_protocol "Control Messages".</summary>
internal static class ControlTag
{
    public const int Link = 1;
    public const int Send = 2;
    public const int Exit = 3;
    public const int Unlink = 4;
    public const int RegSend = 6;
    public const int Exit2 = 8;
    public const int SendTT = 12;
    public const int ExitTT = 13;
    public const int RegSendTT = 16;
    public const int Exit2TT = 18;
    public const int MonitorP = 19;
    public const int DemonitorP = 20;
    public const int MonitorPExit = 21;
    public const int SendSender = 22;
    public const int SendSenderTT = 23;
    public const int UnlinkId = 35;
    public const int UnlinkIdAck = 36;
}
