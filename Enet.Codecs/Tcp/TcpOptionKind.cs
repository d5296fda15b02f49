namespace Enet.Codecs;

/// <summary>TCP option kinds Enet reads (IANA "TCP Option Kind Numbers").</summary>
public static class TcpOptionKind
{
    public const byte EndOfOptionList = 0;
    public const byte NoOperation = 1;
    public const byte MaxSegmentSize = 2;
    public const byte WindowScale = 3;
    public const byte SackPermitted = 4;
    public const byte Sack = 5;
    public const byte Timestamps = 8;
}
