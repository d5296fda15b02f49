namespace Enet.Codecs;

/// <summary>
/// The 12 bits after the TCP data offset (RFC 9293 3.1): the control bits, ECE/CWR (RFC 3168 23.2) and AE (RFC
/// 9768 AccECN, formerly NS of RFC 3540). The three reserved bits 0x0E00 have no name but are kept as received.
/// </summary>
[Flags]
public enum TcpFlags : ushort
{
    None = 0,
    Fin = 1,
    Syn = 2,
    Rst = 4,
    Psh = 8,
    Ack = 16,
    Urg = 32,
    Ece = 64,
    Cwr = 128,
    Ae = 256,
}
