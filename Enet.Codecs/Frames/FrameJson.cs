using System.Text.Json;

namespace Enet.Codecs.Frames;

/// <summary>Every decoded field of a frame as one JSON object, each layer an object of its own.</summary>
public static class FrameJson
{
    public static void Write(Utf8JsonWriter writer, Frame frame, long? number = null, long? timestampNanoseconds = null)
    {
        writer.WriteStartObject();
        if (number is { } n)
            writer.WriteNumber("frame", n);
        if (timestampNanoseconds is { } ns)
            writer.WriteString("time", DateTimeOffset.UnixEpoch.AddTicks(ns / 100).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ"));
        JsonFields.WriteEnum(writer, "linkType", frame.LinkType);
        writer.WriteNumber("length", frame.Length);
        Layer(writer, "ethernet", frame.Ethernet, static (w, l) => l.WriteJson(w));
        Layer(writer, "arp", frame.Arp, static (w, l) => l.WriteJson(w));
        Layer(writer, "ipv4", frame.Ipv4, static (w, l) => l.WriteJson(w));
        Layer(writer, "ipv6", frame.Ipv6, static (w, l) => l.WriteJson(w));
        Layer(writer, "icmpv4", frame.Icmpv4, static (w, l) => l.WriteJson(w));
        Layer(writer, "icmpv6", frame.Icmpv6, static (w, l) => l.WriteJson(w));
        Layer(writer, "udp", frame.Udp, static (w, l) => l.WriteJson(w));
        Layer(writer, "tcp", frame.Tcp, static (w, l) => l.WriteJson(w));
        if (frame.NetworkChecksum is { } network)
            writer.WriteString("networkChecksum", network.ToString());
        if (frame.TransportChecksum is { } transport)
            writer.WriteString("transportChecksum", transport.ToString());
        if (!frame.Payload.IsEmpty)
            writer.WriteString("payload", frame.Payload.ToString());
        if (!frame.Trailer.IsEmpty)
            writer.WriteString("trailer", frame.Trailer.ToString());
        if (frame.Error is { } error)
        {
            writer.WriteStartObject("error");
            writer.WriteString("layer", error.Layer.ToString());
            writer.WriteNumber("offset", error.Offset);
            writer.WriteString("reason", error.Reason);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    public static string ToJson(Frame frame, long? number = null, long? timestampNanoseconds = null)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
            Write(writer, frame, number, timestampNanoseconds);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Layer<T>(Utf8JsonWriter writer, string name, T? layer, Action<Utf8JsonWriter, T> write) where T : class
    {
        if (layer is null)
            return;
        writer.WriteStartObject(name);
        write(writer, layer);
        writer.WriteEndObject();
    }
}
