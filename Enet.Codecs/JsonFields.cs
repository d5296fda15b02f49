using System.Text.Json;

namespace Enet.Codecs;

/// <summary>The JSON conventions every representation shares (codec contract 2): enums by name, or by
/// number when the value has no name; raw bytes as lower-case hex.</summary>
internal static class JsonFields
{
    public static void WriteEnum<TEnum>(Utf8JsonWriter writer, string name, TEnum value) where TEnum : struct, Enum
    {
        if (Enum.IsDefined(value))
            writer.WriteString(name, value.ToString());
        else
            writer.WriteNumber(name, Convert.ToUInt64(value));
    }

    public static void WriteHex(Utf8JsonWriter writer, string name, Bytes value) =>
        writer.WriteString(name, value.ToString());
}
