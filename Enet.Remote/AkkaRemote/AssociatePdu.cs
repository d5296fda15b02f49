using Akka.Actor;
using Google.Protobuf;

namespace Enet.Remote.AkkaRemote;

/// <summary>
/// Reads the origin out of Akka.Remote's Associate PDU (Akka's WireFormats.proto, which Akka keeps internal):
/// <c>AkkaProtocolMessage { instruction = 2: AkkaControlMessage { commandType = 1 (ASSOCIATE = 1), handshakeInfo = 2:
/// AkkaHandshakeInfo { origin = 1: AddressData { system = 1, hostname = 2, port = 3, protocol = 4 } } } }</c>.
/// </summary>
internal static class AssociatePdu
{
    private const int Associate = 1;

    /// <summary>The origin the peer gives, or null for any other PDU or bytes that are no PDU.</summary>
    public static Address? Origin(ByteString pdu)
    {
        try
        {
            return Field(pdu, 2) is { } instruction
                && Varint(instruction, 1) == Associate
                && Field(instruction, 2) is { } handshake
                && Field(handshake, 1) is { } origin
                && Field(origin, 1)?.ToStringUtf8() is { Length: > 0 } system
                && Field(origin, 2)?.ToStringUtf8() is { Length: > 0 } host
                && Varint(origin, 3) is { } port and > 0 and <= ushort.MaxValue
                ? new Address(Field(origin, 4)?.ToStringUtf8() ?? "", system, host, (int)port)
                : null;
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>The last length-delimited field <paramref name="number"/> (protobuf: the last one wins).</summary>
    private static ByteString? Field(ByteString message, int number) =>
        Last(message, number, WireFormat.WireType.LengthDelimited, input => input.ReadBytes());

    /// <summary>The last varint field <paramref name="number"/>.</summary>
    private static ulong? Varint(ByteString message, int number) =>
        Last<ulong?>(message, number, WireFormat.WireType.Varint, input => input.ReadUInt64());

    private static T? Last<T>(ByteString message, int number, WireFormat.WireType type, Func<CodedInputStream, T> read)
    {
        T? found = default;
        Scan(message, (input, tag) =>
        {
            if (WireFormat.GetTagFieldNumber(tag) != number || WireFormat.GetTagWireType(tag) != type)
                return false;
            found = read(input);
            return true;
        });
        return found;
    }

    /// <summary>Walks the fields; <paramref name="read"/> consumes the ones it wants, the rest are skipped.</summary>
    private static void Scan(ByteString message, Func<CodedInputStream, uint, bool> read)
    {
        var input = new CodedInputStream(message.ToByteArray());
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
            if (!read(input, tag))
                input.SkipLastField();
    }
}
