using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Enet.Configuration;

/// <summary>
/// Renders resolved values as JSON (indent 2). Numbers are written as they appeared in the source;
/// durations and sizes are strings in HOCON and stay strings.
/// </summary>
public static class ConfigJson
{
    public static string Render(ConfigValue value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions
               {
                   Indented = true,
                   Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
               }))
        {
            Write(writer, value);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(Utf8JsonWriter writer, ConfigValue value)
    {
        switch (value)
        {
            case ConfigObject obj:
                writer.WriteStartObject();
                foreach (var (key, child) in obj)
                {
                    writer.WritePropertyName(key);
                    Write(writer, child);
                }

                writer.WriteEndObject();
                break;
            case ConfigList list:
                writer.WriteStartArray();
                foreach (var item in list)
                    Write(writer, item);
                writer.WriteEndArray();
                break;
            case ConfigNumber number:
                writer.WriteRawValue(number.Text);
                break;
            case ConfigBoolean boolean:
                writer.WriteBooleanValue(boolean.Value);
                break;
            case ConfigNull:
                writer.WriteNullValue();
                break;
            case ConfigString s:
                writer.WriteStringValue(s.Value);
                break;
            default:
                throw new InvalidOperationException($"cannot render an unresolved {value.GetType().Name}");
        }
    }
}
