using System.Collections.Immutable;
using Enet.Codecs;
using FsCheck;
using FsCheck.Fluent;

namespace Enet.Tests.Codecs;

/// <summary>FsCheck generators for the L2/L3 representations: valid values only, covering tags, options,
/// reserved bits and extension-header chains.</summary>
internal static class L23Generators
{
    public static readonly Gen<byte> Byte = Gen.Choose(0, 255).Select(b => (byte)b);

    public static readonly Gen<ushort> UInt16 = Gen.Choose(0, 0xFFFF).Select(v => (ushort)v);

    public static readonly Gen<uint> UInt32 = Gen.Zip(UInt16, UInt16, (high, low) => (uint)high << 16 | low);

    public static readonly Gen<MacAddress> Mac = Gen.Zip(UInt16, UInt32, (high, low) => new MacAddress((ulong)high << 32 | low));

    public static readonly Gen<Ipv4Address> Ipv4 = UInt32.Select(v => new Ipv4Address(v));

    public static readonly Gen<Ipv6Address> Ipv6 =
        Gen.Zip(Gen.Zip(UInt32, UInt32), Gen.Zip(UInt32, UInt32), (a, b) =>
            new Ipv6Address(new UInt128((ulong)a.Item1 << 32 | a.Item2, (ulong)b.Item1 << 32 | b.Item2)));

    public static Gen<byte[]> BytesOf(int length) => Gen.ArrayOf(Byte, length);

    public static readonly Gen<VlanTag> Tag =
        from tpid in Gen.Elements(VlanTag.CustomerTpid, VlanTag.ServiceTpid, VlanTag.LegacyServiceTpid)
        from priority in Gen.Choose(0, 7)
        from dei in Gen.Elements(true, false)
        from id in Gen.Choose(0, 0xFFF)
        select new VlanTag(tpid, (byte)priority, dei, (ushort)id);

    /// <summary>Any type that is not itself a TPID, 802.3 lengths included.</summary>
    public static readonly Gen<EtherType> EtherTypes =
        Gen.OneOf(Gen.Elements(EtherType.Ipv4, EtherType.Arp, EtherType.Ipv6), UInt16.Select(v => (EtherType)v))
            .Where(type => !VlanTag.IsTpid((ushort)type));

    public static readonly Gen<EthernetHeader> Ethernet =
        from destination in Mac
        from source in Mac
        from type in EtherTypes
        from count in Gen.Choose(0, EthernetFrame.MaxTags)
        from tags in Gen.ArrayOf(Tag, count)
        select new EthernetHeader(destination, source, type, [.. tags]);

    public static readonly Gen<ArpMessage> Arp =
        from operation in Gen.OneOf(Gen.Elements(ArpOperation.Request, ArpOperation.Reply), UInt16.Select(v => (ArpOperation)v))
        from sha in Mac
        from spa in Ipv4
        from tha in Mac
        from tpa in Ipv4
        select new ArpMessage(operation, sha, spa, tha, tpa);

    public static readonly Gen<IpProtocol> Protocol = Byte.Select(b => (IpProtocol)b);

    public static readonly Gen<Ipv4Header> Ipv4Header =
        from tos in Byte
        from identification in UInt16
        from flags in Gen.Choose(0, 7)
        from fragmentOffset in Gen.Choose(0, 0x1FFF)
        from ttl in Byte
        from protocol in Protocol
        from checksum in Gen.OneOf(Gen.Constant<ushort?>(null), UInt16.Select(v => (ushort?)v))
        from source in Ipv4
        from destination in Ipv4
        from optionWords in Gen.Choose(0, 10)
        from options in BytesOf(optionWords * 4)
        select new Ipv4Header((byte)(tos >> 2), (byte)(tos & 3), null, identification, (flags & 4) != 0, (flags & 2) != 0,
            (flags & 1) != 0, (ushort)fragmentOffset, ttl, protocol, checksum, source, destination, options);

    /// <summary>Kinds a generated chain may use after the first header (hop-by-hop is only allowed first).</summary>
    private static readonly Gen<IpProtocol> LaterExtensionKind =
        Gen.Elements(IpProtocol.Ipv6Route, IpProtocol.Ipv6Fragment, IpProtocol.Ipv6DestinationOptions, IpProtocol.Ah);

    /// <summary>An upper-layer next header: anything the walker does not treat as an extension header.</summary>
    private static readonly Gen<IpProtocol> UpperLayer = Protocol.Where(p => !Ipv6Packet.IsExtensionHeader(p));

    private static Gen<Bytes> ExtensionData(IpProtocol kind) => kind switch
    {
        IpProtocol.Ipv6Fragment => BytesOf(7).Select(b => (Bytes)b),
        IpProtocol.Ah => from words in Gen.Choose(0, 6)
                         from body in BytesOf((words + 2) * 4 - 2)
                         select (Bytes)body.Prepend((byte)words).ToArray(),
        _ => from units in Gen.Choose(0, 3)
             from body in BytesOf((units + 1) * 8 - 2)
             select (Bytes)body.Prepend((byte)units).ToArray(),
    };

    private static Gen<Ipv6ExtensionHeader> Extension(IpProtocol kind, IpProtocol next) =>
        ExtensionData(kind).Select(data => new Ipv6ExtensionHeader(kind, next, data));

    /// <summary>A consistent chain: each header's kind is the previous next header, the last names an upper layer,
    /// and a fragment header with a non-zero offset (after which the walker stops) only comes last.</summary>
    private static Gen<(IpProtocol First, ImmutableArray<Ipv6ExtensionHeader> Chain)> Chain =>
        from hopByHop in Gen.Elements(true, false)
        from count in Gen.Choose(0, 5)
        from later in Gen.ArrayOf(LaterExtensionKind, count)
        from upper in UpperLayer
        let kinds = (hopByHop ? new[] { IpProtocol.HopByHop } : []).Concat(later).ToArray()
        from headers in Gen.CollectToArray(Enumerable.Range(0, kinds.Length),
            i => Extension(kinds[i], i + 1 < kinds.Length ? kinds[i + 1] : upper))
        let cut = Array.FindIndex(headers, h => h.Fragment is { Offset: not 0 })
        let chain = cut < 0 ? headers : headers[..(cut + 1)]
        select (kinds.Length == 0 ? upper : kinds[0], chain.ToImmutableArray());

    public static readonly Gen<Ipv6Header> Ipv6Header =
        from trafficClass in Byte
        from flowLabel in Gen.Choose(0, 0xF_FFFF)
        from hopLimit in Byte
        from source in Ipv6
        from destination in Ipv6
        from chain in Chain
        select new Ipv6Header(trafficClass, (uint)flowLabel, null, chain.First, hopLimit, source, destination, chain.Chain);
}
