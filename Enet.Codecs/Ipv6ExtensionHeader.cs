using System.Collections.Immutable;
using System.Text.Json;

namespace Enet.Codecs;

/// <summary>
/// One IPv6 extension header (RFC 8200 4), kept byte-exact: <see cref="Data"/> is everything after the
/// next-header byte, the length byte included, so unknown options, reserved bits and padding round-trip.
/// </summary>
public sealed record Ipv6ExtensionHeader(IpProtocol Kind, IpProtocol NextHeader, Bytes Data)
{
    public IpProtocol Kind { get; init => field = CheckKind(value); } = CheckKind(Kind);

    public Bytes Data { get; init => field = CheckData(Kind, value); } = CheckData(Kind, Data);

    public int Length => 1 + Data.Length;

    /// <summary>The routing type (RFC 8200 4.4), for a routing header.</summary>
    public byte? RoutingType => Kind == IpProtocol.Ipv6Route ? Data.Span[1] : null;

    /// <summary>Segments left (RFC 8200 4.4), for a routing header.</summary>
    public byte? SegmentsLeft => Kind == IpProtocol.Ipv6Route ? Data.Span[2] : null;

    /// <summary>
    /// For a routing header with segments left, the address the packet is finally bound for: the last
    /// address of a type 0 list (RFC 2460 4.4), the home address of type 2 (RFC 6275 6.4), segment 0 of a
    /// segment routing header (RFC 8754 2). Null when there is none to visit or the type is unknown.
    /// </summary>
    public Ipv6Address? FinalDestination
    {
        get
        {
            const int addresses = 7;
            if (Kind != IpProtocol.Ipv6Route || SegmentsLeft == 0 || Data.Length < addresses + Ipv6Address.Length)
                return null;
            return RoutingType switch
            {
                0 => Ipv6Address.Read(Data.Span[(addresses + (Data.Length - addresses) / Ipv6Address.Length * Ipv6Address.Length - Ipv6Address.Length)..]),
                2 or 4 => Ipv6Address.Read(Data.Span[addresses..]),
                _ => null,
            };
        }
    }

    /// <summary>The fields of a fragment header (RFC 8200 4.5).</summary>
    public Ipv6FragmentHeader? Fragment
    {
        get
        {
            if (Kind != IpProtocol.Ipv6Fragment)
                return null;
            Span<byte> header = stackalloc byte[Ipv6FragmentHeader.Length];
            Data.Span.CopyTo(header[1..]);
            return Ipv6FragmentHeader.Read(header);
        }
    }

    /// <summary>A fragment header with the reserved fields zero.</summary>
    public static Ipv6ExtensionHeader CreateFragment(IpProtocol nextHeader, Ipv6FragmentHeader fragment)
    {
        var data = new byte[Ipv6FragmentHeader.Length - 1];
        fragment.WriteAfterNextHeader(data);
        return new(IpProtocol.Ipv6Fragment, nextHeader, data);
    }

    /// <summary>A hop-by-hop or destination options header holding <paramref name="options"/>, padded with Pad1
    /// or PadN to a multiple of 8 bytes (RFC 8200 4.2).</summary>
    public static Ipv6ExtensionHeader CreateOptions(IpProtocol kind, IpProtocol nextHeader, IEnumerable<Ipv6Option> options)
    {
        var body = new List<byte>();
        foreach (var option in options)
        {
            if (option.Type != Ipv6Option.Pad1 && option.Data.Length > byte.MaxValue)
                throw new ArgumentException($"option {option.Type} has more than 255 data bytes", nameof(options));
            body.Add(option.Type);
            if (option.Type == Ipv6Option.Pad1)
                continue;
            body.Add((byte)option.Data.Length);
            body.AddRange(option.Data.Span);
        }
        var padding = (8 - (2 + body.Count) % 8) % 8;
        if (padding == 1)
            body.Add(Ipv6Option.Pad1);
        else if (padding > 1)
        {
            body.Add(Ipv6Option.PadN);
            body.Add((byte)(padding - 2));
            body.AddRange(new byte[padding - 2]);
        }
        body.Insert(0, (byte)((2 + body.Count) / 8 - 1));
        return new(kind, nextHeader, body.ToArray());
    }

    /// <summary>The type-length-value options of a hop-by-hop or destination options header (RFC 8200 4.2),
    /// padding included. False for other kinds or when an option runs past the header.</summary>
    public bool TryGetOptions(out ImmutableArray<Ipv6Option> options)
    {
        options = [];
        if (Kind is not (IpProtocol.HopByHop or IpProtocol.Ipv6DestinationOptions))
            return false;
        var builder = ImmutableArray.CreateBuilder<Ipv6Option>();
        var rest = Data.Memory[1..];
        while (!rest.IsEmpty)
        {
            var type = rest.Span[0];
            if (type == Ipv6Option.Pad1)
            {
                builder.Add(new Ipv6Option(type, Bytes.Empty));
                rest = rest[1..];
                continue;
            }
            if (rest.Length < 2 || rest.Length < 2 + rest.Span[1])
                return false;
            builder.Add(new Ipv6Option(type, rest.Slice(2, rest.Span[1])));
            rest = rest[(2 + rest.Span[1])..];
        }
        options = builder.ToImmutable();
        return true;
    }

    public void Emit(Span<byte> destination)
    {
        destination[0] = (byte)NextHeader;
        Data.Span.CopyTo(destination[1..Length]);
    }

    public void WriteJson(Utf8JsonWriter writer)
    {
        JsonFields.WriteEnum(writer, "kind", Kind);
        JsonFields.WriteEnum(writer, "nextHeader", NextHeader);
        JsonFields.WriteHex(writer, "data", Data);
    }

    private static IpProtocol CheckKind(IpProtocol kind) =>
        Ipv6Packet.IsExtensionHeader(kind) ? kind : throw new ArgumentException($"{kind} is not an extension header", nameof(Kind));

    /// <summary>The data must agree with the header's own length byte, or the chain would not parse back.</summary>
    private static Bytes CheckData(IpProtocol kind, Bytes data)
    {
        var length = 1 + data.Length;
        var consistent = kind switch
        {
            IpProtocol.Ipv6Fragment => length == Ipv6FragmentHeader.Length,
            IpProtocol.Ah => length >= 8 && length % 4 == 0 && data.Span[0] == length / 4 - 2,
            _ => length >= 8 && length % 8 == 0 && length <= 2048 && data.Span[0] == length / 8 - 1,
        };
        return consistent ? data : throw new ArgumentException($"{data.Length} data bytes do not make a valid {kind} header", nameof(Data));
    }
}
