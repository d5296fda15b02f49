using System.Text.Json;

namespace Enet.Codecs;

/// <summary>The JSON spellings every representation shares, so tools read one format.</summary>
internal static class JsonFields
{
    /// <summary>A known enum value by name; an unknown one (kept raw by the decoder) as its number.</summary>
    public static void WriteEnum<T>(Utf8JsonWriter writer, string name, T value) where T : struct, Enum
    {
        if (Enum.IsDefined(value))
            writer.WriteString(name, value.ToString());
        else
            writer.WriteNumber(name, Convert.ToUInt64(value));
    }

    public static void WriteChecksum(Utf8JsonWriter writer, ushort? checksum)
    {
        if (checksum is { } value)
            writer.WriteNumber("checksum", value);
        else
            writer.WriteNull("checksum");
    }

    public static void WriteHex(Utf8JsonWriter writer, string name, Bytes value) =>
        writer.WriteString(name, value.ToString());
}
