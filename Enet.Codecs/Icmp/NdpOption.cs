using System.Buffers.Binary;
using System.Text.Json;

namespace Enet.Codecs;

/// <summary>
/// A neighbor discovery option (RFC 4861 4.6). The cases are nested: they are one closed protocol read together,
/// as Akka.NET keeps a protocol's messages in one class. A known type whose length or reserved bits differ from
/// what RFC 4861 defines is kept as <see cref="UnknownOption"/>, so every option re-emits byte for byte.
/// </summary>
public abstract record NdpOption
{
    private NdpOption() { }

    public abstract byte Type { get; }

    /// <summary>Bytes on the wire: always a multiple of 8 (RFC 4861 4.6).</summary>
    public int Length => (2 + ValueLength + 7) / 8 * 8;

    private protected abstract int ValueLength { get; }

    /// <summary>Writes the bytes after type and length.</summary>
    private protected abstract void WriteValue(Span<byte> value);

    private protected abstract void WriteJsonFields(Utf8JsonWriter writer);

    /// <summary>Writes <see cref="Length"/> bytes, padding the value with zeros to the 8-byte unit.</summary>
    public void Write(Span<byte> destination)
    {
        var option = destination[..Length];
        option.Clear();
        option[0] = Type;
        option[1] = (byte)(Length / 8);
        WriteValue(option[2..]);
    }

    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        WriteJsonFields(writer);
        writer.WriteEndObject();
    }

    /// <summary>Reads one option already bounded by <see cref="NdpOptionWalk"/>.</summary>
    internal static NdpOption Read(ReadOnlySpan<byte> option)
    {
        var value = option[2..];
        var units = option[1];
        return (option[0], units) switch
        {
            (1, 1) => new SourceLinkLayerAddress(MacAddress.Read(value)),
            (2, 1) => new TargetLinkLayerAddress(MacAddress.Read(value)),
            (3, 4) when (value[1] & 0x3F) == 0 && BinaryPrimitives.ReadUInt32BigEndian(value[10..]) == 0 =>
                new PrefixInformation(value[0], (value[1] & 0x80) != 0, (value[1] & 0x40) != 0,
                    BinaryPrimitives.ReadUInt32BigEndian(value[2..]), BinaryPrimitives.ReadUInt32BigEndian(value[6..]),
                    Ipv6Address.Read(value[14..])),
            (4, _) => new RedirectedHeader(Bytes.CopyFrom(value)),
            (5, 1) when value[0] == 0 && value[1] == 0 => new Mtu(BinaryPrimitives.ReadUInt32BigEndian(value[2..])),
            _ => new UnknownOption(option[0], Bytes.CopyFrom(value)),
        };
    }

    /// <summary>RFC 4861 4.6.1, for Ethernet (RFC 2464 8): the sender's MAC.</summary>
    public sealed record SourceLinkLayerAddress(MacAddress Address) : NdpOption
    {
        public override byte Type => 1;
        private protected override int ValueLength => MacAddress.Length;
        private protected override void WriteValue(Span<byte> value) => Address.Write(value);
        private protected override void WriteJsonFields(Utf8JsonWriter writer)
        {
            JsonFields.WriteNumbered(writer, "type", Type, "source-link-layer-address");
            writer.WriteString("address", Address.ToString());
        }
    }

    /// <summary>RFC 4861 4.6.1: the target's MAC.</summary>
    public sealed record TargetLinkLayerAddress(MacAddress Address) : NdpOption
    {
        public override byte Type => 2;
        private protected override int ValueLength => MacAddress.Length;
        private protected override void WriteValue(Span<byte> value) => Address.Write(value);
        private protected override void WriteJsonFields(Utf8JsonWriter writer)
        {
            JsonFields.WriteNumbered(writer, "type", Type, "target-link-layer-address");
            writer.WriteString("address", Address.ToString());
        }
    }

    /// <summary>RFC 4861 4.6.2: an on-link (L) and/or autoconfiguration (A, RFC 4862) prefix.</summary>
    public sealed record PrefixInformation(byte PrefixLength, bool OnLink, bool Autonomous, uint ValidLifetime,
        uint PreferredLifetime, Ipv6Address Prefix) : NdpOption
    {
        public override byte Type => 3;
        private protected override int ValueLength => 30;
        private protected override void WriteValue(Span<byte> value)
        {
            value[0] = PrefixLength;
            value[1] = (byte)((OnLink ? 0x80 : 0) | (Autonomous ? 0x40 : 0));
            BinaryPrimitives.WriteUInt32BigEndian(value[2..], ValidLifetime);
            BinaryPrimitives.WriteUInt32BigEndian(value[6..], PreferredLifetime);
            Prefix.Write(value[14..]);
        }
        private protected override void WriteJsonFields(Utf8JsonWriter writer)
        {
            JsonFields.WriteNumbered(writer, "type", Type, "prefix-information");
            writer.WriteString("prefix", $"{Prefix}/{PrefixLength}");
            writer.WriteBoolean("onLink", OnLink);
            writer.WriteBoolean("autonomous", Autonomous);
            writer.WriteNumber("validLifetime", ValidLifetime);
            writer.WriteNumber("preferredLifetime", PreferredLifetime);
        }
    }

    /// <summary>RFC 4861 4.6.3: 6 reserved bytes then as much of the redirected packet as fits, kept raw.</summary>
    public sealed record RedirectedHeader(Bytes Data) : NdpOption
    {
        public override byte Type => 4;
        private protected override int ValueLength => Data.Length;
        private protected override void WriteValue(Span<byte> value) => Data.Span.CopyTo(value);
        private protected override void WriteJsonFields(Utf8JsonWriter writer)
        {
            JsonFields.WriteNumbered(writer, "type", Type, "redirected-header");
            writer.WriteString("data", Data.ToString());
        }
    }

    /// <summary>RFC 4861 4.6.4: the link MTU a router advertises.</summary>
    public sealed record Mtu(uint Value) : NdpOption
    {
        public override byte Type => 5;
        private protected override int ValueLength => 6;
        private protected override void WriteValue(Span<byte> value) => BinaryPrimitives.WriteUInt32BigEndian(value[2..], Value);
        private protected override void WriteJsonFields(Utf8JsonWriter writer)
        {
            JsonFields.WriteNumbered(writer, "type", Type, "mtu");
            writer.WriteNumber("value", Value);
        }
    }

    /// <summary>Any other option, or a known one with a length or reserved bits RFC 4861 does not define:
    /// <see cref="Data"/> is every byte after type and length.</summary>
    public sealed record UnknownOption(byte OptionType, Bytes Data) : NdpOption
    {
        public override byte Type => OptionType;
        private protected override int ValueLength => Data.Length;
        private protected override void WriteValue(Span<byte> value) => Data.Span.CopyTo(value);
        private protected override void WriteJsonFields(Utf8JsonWriter writer)
        {
            JsonFields.WriteNumbered(writer, "type", Type, null);
            writer.WriteString("data", Data.ToString());
        }
    }
}
