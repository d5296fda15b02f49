using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace Enet.Codecs;

/// <summary>The JSON spellings every representation shares, so tools read one format.</summary>
internal static class JsonFields
{
    private static readonly ConcurrentDictionary<Enum, string> Names = new();

    /// <summary>An enumerated field as its number (what tshark's fields and filters use: ip.proto=17), with the
    /// name beside it as <c>NAMEName</c> ("udp"), null for a value Enet has no name for (kept raw by the decoder).</summary>
    public static void WriteEnum<T>(Utf8JsonWriter writer, string name, T value) where T : struct, Enum =>
        WriteNumbered(writer, name, Convert.ToUInt64(value), Enum.IsDefined(value) ? Names.GetOrAdd(value, KebabCase) : null);

    /// <summary>A number with its name beside it, for enumerations that are not a C# enum (option kinds).</summary>
    public static void WriteNumbered(Utf8JsonWriter writer, string name, ulong number, string? valueName)
    {
        writer.WriteNumber(name, number);
        if (valueName is null)
            writer.WriteNull(name + "Name");
        else
            writer.WriteString(name + "Name", valueName);
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

    /// <summary>EchoRequest -> echo-request, Ipv6NoNext -> ipv6-no-next: lower case, a dash where a word starts.</summary>
    private static string KebabCase(Enum value)
    {
        var text = value.ToString();
        var name = new StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsUpper(text[i]) && i > 0)
                name.Append('-');
            name.Append(char.ToLowerInvariant(text[i]));
        }
        return name.ToString();
    }
}
