using System.Buffers;
using System.Text.Json;
using Enet.Codecs.Frames;
using Enet.Remote.Etf;

namespace Enet.Remote.Dump;

/// <summary>
/// A decoded frame as an Erlang term a shell can read: a map with the keys of <c>enet decode --json</c> as atoms
/// (<c>#{ethernet => #{source => ...}, ipv4 => #{...}, tcp => #{...}, payload => &lt;&lt;...&gt;&gt;}</c>), strings as
/// binaries, numbers as numbers, true/false as atoms and null as <c>undefined</c>. The byte fields JSON writes as hex
/// (payload, trailer, an ICMP message's or option's data, IPv4 options) are the bytes themselves, a binary.
/// </summary>
public static class FrameTerm
{
    private static readonly HashSet<string> ByteFields = ["payload", "trailer", "data", "options"];

    public static ErlMap From(Frame frame)
    {
        var json = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(json))
            FrameJson.Write(writer, frame);
        using var document = JsonDocument.Parse(json.WrittenMemory);
        return (ErlMap)ToTerm(null, document.RootElement);
    }

    private static Term ToTerm(string? name, JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => new ErlMap([.. element.EnumerateObject().Select(p => KeyValuePair.Create<Term, Term>(new ErlAtom(p.Name), ToTerm(p.Name, p.Value)))]),
        JsonValueKind.Array => new ErlList([.. element.EnumerateArray().Select(e => ToTerm(null, e))]),
        JsonValueKind.String => new ErlBinary(Bytes(name, element.GetString()!)),
        JsonValueKind.Number => element.TryGetInt64(out var integer) ? new ErlInteger(integer) : new ErlFloat(element.GetDouble()),
        JsonValueKind.True => ErlAtom.True,
        JsonValueKind.False => ErlAtom.False,
        _ => ErlAtom.Undefined,
    };

    private static byte[] Bytes(string? name, string text)
    {
        if (name is not null && ByteFields.Contains(name) && text.Length % 2 == 0 && text.All(char.IsAsciiHexDigit))
            return Convert.FromHexString(text);
        return System.Text.Encoding.UTF8.GetBytes(text);
    }
}
