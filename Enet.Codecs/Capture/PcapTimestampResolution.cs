namespace Enet.Codecs.Capture;

/// <summary>
/// The unit of the sub-second timestamp field of a classic pcap file, chosen by its magic number
/// (pcap-savefile(5): 0xA1B2C3D4 for microseconds, 0xA1B23C4D for nanoseconds).
/// </summary>
public enum PcapTimestampResolution
{
    Microseconds,
    Nanoseconds,
}
