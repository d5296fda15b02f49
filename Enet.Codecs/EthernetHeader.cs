using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Enet.Codecs;

/// <summary>
/// An Ethernet II header with its VLAN tags, outermost first. Header only: the caller places the payload.
/// </summary>
public sealed record EthernetHeader(MacAddress Destination, MacAddress Source, EtherType EtherType, ImmutableArray<VlanTag> Tags = default)
{
    /// <summary>Never default: a default array reads as empty, so <c>new EthernetHeader(d, s, t)</c> works.</summary>
    public ImmutableArray<VlanTag> Tags { get => field.IsDefault ? [] : field; init => field = CheckTags(value); } = CheckTags(Tags);

    public int Length => 14 + Tags.Length * VlanTag.Length;

    public static bool TryDecode(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out EthernetHeader? value, out DecodeError error)
    {
        value = null;
        if (!EthernetFrame.TryParse(bytes, out var frame, out error))
            return false;
        var tags = ImmutableArray.CreateBuilder<VlanTag>(frame.TagCount);
        for (var i = 0; i < frame.TagCount; i++)
            tags.Add(frame.Tag(i));
        value = new EthernetHeader(frame.Destination, frame.Source, frame.EtherType, tags.MoveToImmutable());
        return true;
    }

    public void Emit(Span<byte> destination)
    {
        var header = destination[..Length];
        Destination.Write(header);
        Source.Write(header[6..]);
        var offset = 12;
        foreach (var tag in Tags)
        {
            tag.Write(header[offset..]);
            offset += VlanTag.Length;
        }
        BinaryPrimitives.WriteUInt16BigEndian(header[offset..], (ushort)EtherType);
    }

    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteString("destination", Destination.ToString());
        writer.WriteString("source", Source.ToString());
        writer.WriteStartArray("tags");
        foreach (var tag in Tags)
        {
            writer.WriteStartObject();
            writer.WriteNumber("tpid", tag.Tpid);
            writer.WriteNumber("priority", tag.Priority);
            writer.WriteBoolean("dropEligible", tag.DropEligible);
            writer.WriteNumber("vlanId", tag.VlanId);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        JsonFields.WriteEnum(writer, "etherType", EtherType);
    }

    /// <summary>One tcpdump-like line: addresses, tags outermost first, type.</summary>
    public override string ToString() =>
        $"{Source} > {Destination}, {string.Concat(Tags.Select(tag => tag + ", "))}ethertype {EtherType} (0x{(ushort)EtherType:x4})";

    /// <summary>Tags compare by content, not by array identity.</summary>
    public bool Equals(EthernetHeader? other) =>
        other is not null && Destination == other.Destination && Source == other.Source &&
        EtherType == other.EtherType && SequenceEquality.Equal(Tags, other.Tags);

    public override int GetHashCode() => HashCode.Combine(Destination, Source, EtherType, SequenceEquality.Hash(Tags));

    private static ImmutableArray<VlanTag> CheckTags(ImmutableArray<VlanTag> tags) =>
        tags.IsDefault || tags.Length <= EthernetFrame.MaxTags
            ? tags
            : throw new ArgumentException($"at most {EthernetFrame.MaxTags} VLAN tags", nameof(Tags));
}
