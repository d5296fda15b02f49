namespace Enet.Actors.GenTcp;

/// <summary>gen_tcp:shutdown's How.</summary>
public enum ShutdownHow
{
    Read,
    Write,
    ReadWrite,
}
