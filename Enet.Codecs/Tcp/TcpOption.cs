using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;

namespace Enet.Codecs;

/// <summary>
/// A TCP option (RFC 9293 3.2). The cases are nested records: a closed set read together, like an Akka.NET
/// protocol class. A known kind whose length byte disagrees with its fixed length (MSS with length 6, say) is
/// kept as <see cref="UnknownOption"/>, so every option re-emits byte for byte.
/// </summary>
public abstract record TcpOption
{
    private TcpOption() { }

    public abstract byte Kind { get; }

    /// <summary>Bytes on the wire, kind and length included.</summary>
    public abstract int Length { get; }

    /// <summary>Writes <see cref="Length"/> bytes.</summary>
    public abstract void Write(Span<byte> destination);

    private protected abstract void WriteJsonFields(Utf8JsonWriter writer);

    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        WriteJsonFields(writer);
        writer.WriteEndObject();
    }

    /// <summary>Kinds of length 2 and more: kind, length, value.</summary>
    private static Span<byte> WriteKindAndLength(Span<byte> destination, byte kind, int length)
    {
        destination[0] = kind;
        destination[1] = (byte)length;
        return destination[2..length];
    }

    internal static TcpOption Read(TcpOptionView option) => (option.Kind, option.Length) switch
    {
        (TcpOptionKind.EndOfOptionList, _) => new EndOfOptionList(),
        (TcpOptionKind.NoOperation, _) => new NoOperation(),
        (TcpOptionKind.MaxSegmentSize, 4) => new MaxSegmentSize(BinaryPrimitives.ReadUInt16BigEndian(option.Data)),
        (TcpOptionKind.WindowScale, 3) => new WindowScale(option.Data[0]),
        (TcpOptionKind.SackPermitted, 2) => new SackPermitted(),
        (TcpOptionKind.Sack, var length) when length >= 10 && (length - 2) % 8 == 0 => new Sack(ReadBlocks(option.Data)),
        (TcpOptionKind.Timestamps, 10) => new Timestamps(BinaryPrimitives.ReadUInt32BigEndian(option.Data),
            BinaryPrimitives.ReadUInt32BigEndian(option.Data[4..])),
        _ => new UnknownOption(option.Kind, Bytes.CopyFrom(option.Data)),
    };

    private static ImmutableArray<SackBlock> ReadBlocks(ReadOnlySpan<byte> data)
    {
        var blocks = ImmutableArray.CreateBuilder<SackBlock>(data.Length / 8);
        for (var i = 0; i < data.Length; i += 8)
            blocks.Add(new SackBlock(BinaryPrimitives.ReadUInt32BigEndian(data[i..]), BinaryPrimitives.ReadUInt32BigEndian(data[(i + 4)..])));
        return blocks.MoveToImmutable();
    }

    /// <summary>RFC 9293 3.2: kind 0, one byte, ends the list; what follows is padding.</summary>
    public sealed record EndOfOptionList : TcpOption
    {
        public override byte Kind => TcpOptionKind.EndOfOptionList;
        public override int Length => 1;
        public override void Write(Span<byte> destination) => destination[0] = Kind;
        private protected override void WriteJsonFields(Utf8JsonWriter writer) => JsonFields.WriteNumbered(writer, "kind", Kind, "eol");
    }

    /// <summary>RFC 9293 3.2: kind 1, one byte, aligns the next option.</summary>
    public sealed record NoOperation : TcpOption
    {
        public override byte Kind => TcpOptionKind.NoOperation;
        public override int Length => 1;
        public override void Write(Span<byte> destination) => destination[0] = Kind;
        private protected override void WriteJsonFields(Utf8JsonWriter writer) => JsonFields.WriteNumbered(writer, "kind", Kind, "nop");
    }

    /// <summary>RFC 9293 3.7.1: the largest segment the sender of a SYN can receive.</summary>
    public sealed record MaxSegmentSize(ushort Value) : TcpOption
    {
        public override byte Kind => TcpOptionKind.MaxSegmentSize;
        public override int Length => 4;
        public override void Write(Span<byte> destination) =>
            BinaryPrimitives.WriteUInt16BigEndian(WriteKindAndLength(destination, Kind, Length), Value);
        private protected override void WriteJsonFields(Utf8JsonWriter writer)
        {
            JsonFields.WriteNumbered(writer, "kind", Kind, "mss");
            writer.WriteNumber("value", Value);
        }
    }

    /// <summary>RFC 7323 2.2: the shift count applied to the peer's window fields.</summary>
    public sealed record WindowScale(byte ShiftCount) : TcpOption
    {
        public override byte Kind => TcpOptionKind.WindowScale;
        public override int Length => 3;
        public override void Write(Span<byte> destination) => WriteKindAndLength(destination, Kind, Length)[0] = ShiftCount;
        private protected override void WriteJsonFields(Utf8JsonWriter writer)
        {
            JsonFields.WriteNumbered(writer, "kind", Kind, "wscale");
            writer.WriteNumber("value", ShiftCount);
        }
    }

    /// <summary>RFC 2018 2: SACK may be used on this connection (SYN only).</summary>
    public sealed record SackPermitted : TcpOption
    {
        public override byte Kind => TcpOptionKind.SackPermitted;
        public override int Length => 2;
        public override void Write(Span<byte> destination) => WriteKindAndLength(destination, Kind, Length);
        private protected override void WriteJsonFields(Utf8JsonWriter writer) => JsonFields.WriteNumbered(writer, "kind", Kind, "sackOK");
    }

    /// <summary>RFC 2018 3: blocks received beyond the cumulative acknowledgment, length 8n + 2.</summary>
    public sealed record Sack(ImmutableArray<SackBlock> Blocks) : TcpOption
    {
        public override byte Kind => TcpOptionKind.Sack;
        public override int Length => 2 + 8 * SequenceEquality.Items(Blocks).Length;
        public override void Write(Span<byte> destination)
        {
            var value = WriteKindAndLength(destination, Kind, Length);
            foreach (var block in SequenceEquality.Items(Blocks))
            {
                BinaryPrimitives.WriteUInt32BigEndian(value, block.Left);
                BinaryPrimitives.WriteUInt32BigEndian(value[4..], block.Right);
                value = value[8..];
            }
        }
        private protected override void WriteJsonFields(Utf8JsonWriter writer)
        {
            JsonFields.WriteNumbered(writer, "kind", Kind, "sack");
            writer.WriteStartArray("blocks");
            foreach (var block in SequenceEquality.Items(Blocks))
            {
                writer.WriteStartObject();
                writer.WriteNumber("left", block.Left);
                writer.WriteNumber("right", block.Right);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        protected override bool PrintMembers(StringBuilder builder)
        {
            builder.Append($"Blocks = {SequenceEquality.Print(Blocks)}");
            return true;
        }
        public bool Equals(Sack? other) => other is not null && SequenceEquality.Equal(Blocks, other.Blocks);
        public override int GetHashCode() => SequenceEquality.Hash(Blocks);
    }

    /// <summary>RFC 7323 3.2: TSval and TSecr.</summary>
    public sealed record Timestamps(uint Value, uint EchoReply) : TcpOption
    {
        public override byte Kind => TcpOptionKind.Timestamps;
        public override int Length => 10;
        public override void Write(Span<byte> destination)
        {
            var value = WriteKindAndLength(destination, Kind, Length);
            BinaryPrimitives.WriteUInt32BigEndian(value, Value);
            BinaryPrimitives.WriteUInt32BigEndian(value[4..], EchoReply);
        }
        private protected override void WriteJsonFields(Utf8JsonWriter writer)
        {
            JsonFields.WriteNumbered(writer, "kind", Kind, "timestamps");
            writer.WriteNumber("value", Value);
            writer.WriteNumber("echoReply", EchoReply);
        }
    }

    /// <summary>Any other kind, or a known kind with a length it does not define: <see cref="Data"/> is every
    /// byte after kind and length.</summary>
    public sealed record UnknownOption(byte OptionKind, Bytes Data) : TcpOption
    {
        public override byte Kind => OptionKind;
        public override int Length => 2 + Data.Length;
        public override void Write(Span<byte> destination) => Data.Span.CopyTo(WriteKindAndLength(destination, Kind, Length));
        private protected override void WriteJsonFields(Utf8JsonWriter writer)
        {
            JsonFields.WriteNumbered(writer, "kind", Kind, null);
            writer.WriteString("data", Data.ToString());
        }
    }
}
