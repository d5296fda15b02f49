using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Enet.Codecs;

/// <summary>A 48-bit IEEE 802 MAC address held in the low 48 bits of a <see cref="ulong"/>, so it costs
/// nothing to copy or compare.</summary>
public readonly record struct MacAddress(ulong Value)
{
    public const int Length = 6;

    public static readonly MacAddress Broadcast = new(0xFFFF_FFFF_FFFF);
    public static readonly MacAddress Zero = new(0);

    public static MacAddress Read(ReadOnlySpan<byte> bytes) =>
        new(((ulong)BinaryPrimitives.ReadUInt16BigEndian(bytes) << 32) | BinaryPrimitives.ReadUInt32BigEndian(bytes[2..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(Value >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)Value);
    }

    public bool IsBroadcast => Value == Broadcast.Value;

    /// <summary>The I/G bit: the least significant bit of the first octet (IEEE 802-2014 8.2).</summary>
    public bool IsMulticast => ((Value >> 40) & 1) != 0;

    public static MacAddress Parse(string text) =>
        TryParse(text, out var mac) ? mac : throw new FormatException($"'{text}' is not a MAC address (aa:bb:cc:dd:ee:ff)");

    public static bool TryParse([NotNullWhen(true)] string? text, out MacAddress mac)
    {
        mac = default;
        if (text is null || text.Length != 17)
            return false;
        ulong value = 0;
        for (var i = 0; i < 6; i++)
        {
            if (i > 0 && text[i * 3 - 1] is not (':' or '-'))
                return false;
            if (!byte.TryParse(text.AsSpan(i * 3, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var octet))
                return false;
            value = (value << 8) | octet;
        }
        mac = new MacAddress(value);
        return true;
    }

    public override string ToString() => string.Create(17, Value, static (span, v) =>
    {
        for (var i = 0; i < 6; i++)
        {
            var octet = (byte)(v >> (40 - 8 * i));
            if (i > 0)
                span[i * 3 - 1] = ':';
            octet.TryFormat(span[(i * 3)..], out _, "x2", CultureInfo.InvariantCulture);
        }
    });
}
