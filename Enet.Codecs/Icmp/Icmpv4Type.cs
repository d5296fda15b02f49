namespace Enet.Codecs;

/// <summary>ICMPv4 message types (RFC 792, RFC 1256 router discovery, RFC 950 address mask, RFC 8335 extended
/// echo). Any other value is kept as is.</summary>
public enum Icmpv4Type : byte
{
    EchoReply = 0,
    DestinationUnreachable = 3,
    SourceQuench = 4,
    Redirect = 5,
    EchoRequest = 8,
    RouterAdvertisement = 9,
    RouterSolicitation = 10,
    TimeExceeded = 11,
    ParameterProblem = 12,
    Timestamp = 13,
    TimestampReply = 14,
    InformationRequest = 15,
    InformationReply = 16,
    AddressMaskRequest = 17,
    AddressMaskReply = 18,
    ExtendedEchoRequest = 42,
    ExtendedEchoReply = 43,
}
