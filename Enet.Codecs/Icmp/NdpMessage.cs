using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;

namespace Enet.Codecs;

/// <summary>
/// A neighbor discovery message (RFC 4861 4.1-4.5) read from an <see cref="Icmpv6Message"/>: the fields of its
/// 4 type-specific header bytes and its body, then the options in order. The cases are nested because they
/// form one closed protocol. Reserved fields are kept so a message re-emits byte for byte.
/// </summary>
public abstract record NdpMessage(ImmutableArray<NdpOption> Options)
{
    public abstract Icmpv6Type Type { get; }

    /// <summary>ICMPv6 bytes 4..8.</summary>
    public abstract uint RestOfHeader { get; }

    /// <summary>Bytes after the ICMPv6 header: the fixed part, then the options.</summary>
    public int BodyLength => Icmpv6Packet.NdpFixedBodyLength(Type) + SequenceEquality.Items(Options).Sum(o => o.Length);

    private protected abstract void WriteFixedBody(Span<byte> body);

    private protected abstract void WriteJsonFields(Utf8JsonWriter writer);

    public void WriteBody(Span<byte> destination)
    {
        var fixedLength = Icmpv6Packet.NdpFixedBodyLength(Type);
        WriteFixedBody(destination[..fixedLength]);
        var position = fixedLength;
        foreach (var option in SequenceEquality.Items(Options))
        {
            option.Write(destination[position..]);
            position += option.Length;
        }
    }

    public void WriteJson(Utf8JsonWriter writer)
    {
        WriteJsonFields(writer);
        writer.WriteStartArray("options");
        foreach (var option in SequenceEquality.Items(Options))
            option.WriteJson(writer);
        writer.WriteEndArray();
    }

    protected virtual bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Options = {SequenceEquality.Print(Options)}");
        return true;
    }

    public virtual bool Equals(NdpMessage? other) =>
        other is not null && EqualityContract == other.EqualityContract && SequenceEquality.Equal(Options, other.Options);

    public override int GetHashCode() => HashCode.Combine(EqualityContract, SequenceEquality.Hash(Options));

    /// <summary>Reads a message whose options <see cref="Icmpv6Packet.TryParse"/> has already validated.</summary>
    internal static NdpMessage Read(Icmpv6Type type, uint restOfHeader, ReadOnlySpan<byte> body)
    {
        var fixedLength = Icmpv6Packet.NdpFixedBodyLength(type);
        var options = ImmutableArray.CreateBuilder<NdpOption>();
        var rest = body[fixedLength..];
        while (NdpOptionWalk.TryNext(rest, out var length, out _))
        {
            options.Add(NdpOption.Read(rest[..length]));
            rest = rest[length..];
        }
        var all = options.ToImmutable();
        return type switch
        {
            Icmpv6Type.RouterSolicitation => new RouterSolicitation(restOfHeader, all),
            Icmpv6Type.RouterAdvertisement => new RouterAdvertisement((byte)(restOfHeader >> 24), (byte)(restOfHeader >> 16),
                (ushort)restOfHeader, BinaryPrimitives.ReadUInt32BigEndian(body), BinaryPrimitives.ReadUInt32BigEndian(body[4..]), all),
            Icmpv6Type.NeighborSolicitation => new NeighborSolicitation(restOfHeader, Ipv6Address.Read(body), all),
            Icmpv6Type.NeighborAdvertisement => new NeighborAdvertisement((NeighborAdvertisementFlags)restOfHeader, Ipv6Address.Read(body), all),
            _ => new Redirect(restOfHeader, Ipv6Address.Read(body), Ipv6Address.Read(body[Ipv6Address.Length..]), all),
        };
    }

    /// <summary>RFC 4861 4.1.</summary>
    public sealed record RouterSolicitation(uint Reserved, ImmutableArray<NdpOption> Options) : NdpMessage(Options)
    {
        public override Icmpv6Type Type => Icmpv6Type.RouterSolicitation;
        public override uint RestOfHeader => Reserved;
        private protected override void WriteFixedBody(Span<byte> body) { }
        private protected override void WriteJsonFields(Utf8JsonWriter writer) => writer.WriteNumber("reserved", Reserved);
    }

    /// <summary>RFC 4861 4.2; <see cref="Flags"/> keeps M, O and the bits later RFCs defined (RFC 4191, 5175).</summary>
    public sealed record RouterAdvertisement(byte CurHopLimit, byte Flags, ushort RouterLifetime, uint ReachableTime,
        uint RetransTimer, ImmutableArray<NdpOption> Options) : NdpMessage(Options)
    {
        public bool ManagedAddressConfiguration => (Flags & 0x80) != 0;
        public bool OtherConfiguration => (Flags & 0x40) != 0;
        public override Icmpv6Type Type => Icmpv6Type.RouterAdvertisement;
        public override uint RestOfHeader => (uint)CurHopLimit << 24 | (uint)Flags << 16 | RouterLifetime;
        private protected override void WriteFixedBody(Span<byte> body)
        {
            BinaryPrimitives.WriteUInt32BigEndian(body, ReachableTime);
            BinaryPrimitives.WriteUInt32BigEndian(body[4..], RetransTimer);
        }
        private protected override void WriteJsonFields(Utf8JsonWriter writer)
        {
            writer.WriteNumber("curHopLimit", CurHopLimit);
            writer.WriteBoolean("managed", ManagedAddressConfiguration);
            writer.WriteBoolean("other", OtherConfiguration);
            writer.WriteNumber("flags", Flags);
            writer.WriteNumber("routerLifetime", RouterLifetime);
            writer.WriteNumber("reachableTime", ReachableTime);
            writer.WriteNumber("retransTimer", RetransTimer);
        }
    }

    /// <summary>RFC 4861 4.3.</summary>
    public sealed record NeighborSolicitation(uint Reserved, Ipv6Address Target, ImmutableArray<NdpOption> Options) : NdpMessage(Options)
    {
        public override Icmpv6Type Type => Icmpv6Type.NeighborSolicitation;
        public override uint RestOfHeader => Reserved;
        private protected override void WriteFixedBody(Span<byte> body) => Target.Write(body);
        private protected override void WriteJsonFields(Utf8JsonWriter writer)
        {
            writer.WriteNumber("reserved", Reserved);
            writer.WriteString("target", Target.ToString());
        }
    }

    /// <summary>RFC 4861 4.4.</summary>
    public sealed record NeighborAdvertisement(NeighborAdvertisementFlags Flags, Ipv6Address Target, ImmutableArray<NdpOption> Options)
        : NdpMessage(Options)
    {
        public override Icmpv6Type Type => Icmpv6Type.NeighborAdvertisement;
        public override uint RestOfHeader => (uint)Flags;
        private protected override void WriteFixedBody(Span<byte> body) => Target.Write(body);
        private protected override void WriteJsonFields(Utf8JsonWriter writer)
        {
            writer.WriteStartArray("flags");
            foreach (var flag in (ReadOnlySpan<NeighborAdvertisementFlags>)[NeighborAdvertisementFlags.Router,
                         NeighborAdvertisementFlags.Solicited, NeighborAdvertisementFlags.Override])
                if (Flags.HasFlag(flag))
                    writer.WriteStringValue(flag.ToString());
            writer.WriteEndArray();
            writer.WriteString("target", Target.ToString());
        }
    }

    /// <summary>RFC 4861 4.5.</summary>
    public sealed record Redirect(uint Reserved, Ipv6Address Target, Ipv6Address Destination, ImmutableArray<NdpOption> Options)
        : NdpMessage(Options)
    {
        public override Icmpv6Type Type => Icmpv6Type.Redirect;
        public override uint RestOfHeader => Reserved;
        private protected override void WriteFixedBody(Span<byte> body)
        {
            Target.Write(body);
            Destination.Write(body[Ipv6Address.Length..]);
        }
        private protected override void WriteJsonFields(Utf8JsonWriter writer)
        {
            writer.WriteNumber("reserved", Reserved);
            writer.WriteString("target", Target.ToString());
            writer.WriteString("destination", Destination.ToString());
        }
    }
}
