using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json;
using Enet.Codecs;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Enet.Tests.Codecs;

public class Icmpv6Tests
{
    // icmpv6.pcap frame 1: fe80::b299:28ff:fec8:d66c -> ff02::1 router advertisement, checksum 0x2401 (good per tshark):
    // hop limit 64, flags 0x20, lifetime 15; options prefix 2222:3333:4444:5555:6600::/72 (L, A), RDNSS (25),
    // DNSSL (31), MTU 100, source link-layer b0:99:28:c8:d6:6c, advertisement interval (7), home agent (8).
    private static readonly byte[] RouterAdvertisement = Convert.FromHexString(
        "860024014020000f0000000000000000030448c000278d0000093a8000000000222233334444555566000000000000001905000000000005" +
        "abcd000000000000000000000000efef123456780000000000000000000000011f07000000000005076578616d706c6503636f6d0007657861" +
        "6d706c65036f72670004646f6d3104646f6d3203746c64000000000000000005010000000000640101b09928c8d66c070100000000138808010000c351000f");

    private static readonly uint RouterAdvertisementPseudoHeader = InternetChecksum.PseudoHeader(
        Ipv6Address.Parse("fe80::b299:28ff:fec8:d66c"), Ipv6Address.Parse("ff02::1"), IpProtocol.Icmpv6, RouterAdvertisement.Length);

    // icmpv6-ns-nonce.pcap frame 1: :: -> ff02::1:ffe1:f duplicate address detection for fe80::546f:f7ff:fee1:f with a
    // nonce option (14, RFC 7527), checksum 0x566e (good per tshark).
    private static readonly byte[] DadSolicitation = Convert.FromHexString(
        "8700566e00000000fe80000000000000546ff7fffee1000f0e016069604c0aaa");

    private static readonly uint DadPseudoHeader = InternetChecksum.PseudoHeader(
        Ipv6Address.Unspecified, Ipv6Address.Parse("ff02::1:ffe1:f"), IpProtocol.Icmpv6, DadSolicitation.Length);

    private static readonly Ipv6Address Target = Ipv6Address.Parse("fe80::546f:f7ff:fee1:f");

    private static byte[] Emit(Icmpv6Message message, uint pseudoHeaderSum)
    {
        var bytes = new byte[message.Length];
        message.Emit(bytes, pseudoHeaderSum);
        return bytes;
    }

    private static Icmpv6Message Decode(byte[] bytes)
    {
        Assert.True(Icmpv6Message.TryDecode(bytes, out var message, out var error), error.ToString());
        return message;
    }

    private static NdpMessage Ndp(Icmpv6Message message)
    {
        Assert.True(message.TryGetNdp(out var ndp, out var error), error.ToString());
        return ndp;
    }

    [Fact]
    public void Captured_router_advertisement_decodes_to_the_fields_tshark_shows()
    {
        var message = Decode(RouterAdvertisement);
        var ra = Assert.IsType<NdpMessage.RouterAdvertisement>(Ndp(message));
        Assert.Equal((byte)64, ra.CurHopLimit);
        Assert.Equal((byte)0x20, ra.Flags);
        Assert.False(ra.ManagedAddressConfiguration);
        Assert.Equal((ushort)15, ra.RouterLifetime);
        Assert.Equal(0u, ra.ReachableTime);
        Assert.Equal([3, 25, 31, 5, 1, 7, 8], ra.Options.Select(o => (int)o.Type));
        Assert.Equal(new NdpOption.PrefixInformation(72, true, true, 2592000, 604800, Ipv6Address.Parse("2222:3333:4444:5555:6600::")),
            ra.Options[0]);
        Assert.Equal(new NdpOption.Mtu(100), ra.Options[3]);
        Assert.Equal(new NdpOption.SourceLinkLayerAddress(MacAddress.Parse("b0:99:28:c8:d6:6c")), ra.Options[4]);
    }

    [Fact]
    public void Captured_router_advertisement_verifies_and_round_trips_raw_and_typed()
    {
        Assert.True(Icmpv6Packet.TryParse(RouterAdvertisement, out var packet, out _));
        Assert.Equal(ChecksumStatus.Good, packet.VerifyChecksum(RouterAdvertisementPseudoHeader));
        var message = Decode(RouterAdvertisement);
        Assert.Equal(RouterAdvertisement, Emit(message, 0));
        Assert.Equal(RouterAdvertisement, Emit(Icmpv6Message.FromNdp(Ndp(message)), RouterAdvertisementPseudoHeader));
    }

    [Fact]
    public void Crafted_solicitation_checksum_uses_the_ipv6_pseudo_header()
    {
        // dotpcap/packetnet#204: PacketDotNet's ICMPv6 checksum left out the IPv6 pseudo-header (RFC 8200 8.1).
        var nonce = new NdpOption.UnknownOption(14, Convert.FromHexString("6069604c0aaa"));
        var crafted = Icmpv6Message.FromNdp(new NdpMessage.NeighborSolicitation(0, Target, [nonce]));
        Assert.Equal(DadSolicitation, Emit(crafted, DadPseudoHeader));
        Assert.Equal(crafted with { Checksum = 0x566e }, Decode(DadSolicitation));
    }

    [Fact]
    public void Neighbor_solicitation_factory_carries_the_source_mac()
    {
        var mac = MacAddress.Parse("02:00:00:00:00:01");
        var message = Icmpv6Message.NeighborSolicitation(Target, mac);
        Assert.Equal(32, message.Length);
        var sum = InternetChecksum.PseudoHeader(Ipv6Address.Parse("fe80::1"), Ipv6Address.Parse("ff02::1:ffe1:f"), IpProtocol.Icmpv6, 32);
        Assert.True(Icmpv6Packet.TryParse(Emit(message, sum), out var packet, out _));
        Assert.Equal(ChecksumStatus.Good, packet.VerifyChecksum(sum));
        Assert.Equal(new NdpMessage.NeighborSolicitation(0, Target, [new NdpOption.SourceLinkLayerAddress(mac)]), Ndp(message));
        Assert.Empty(Ndp(Icmpv6Message.NeighborSolicitation(Target)).Options);
    }

    [Fact]
    public void Neighbor_advertisement_and_router_solicitation_factories()
    {
        var mac = MacAddress.Parse("02:00:00:00:00:02");
        var flags = NeighborAdvertisementFlags.Solicited | NeighborAdvertisementFlags.Override;
        var na = Icmpv6Message.NeighborAdvertisement(Target, flags, mac);
        Assert.Equal(0x6000_0000u, na.RestOfHeader);
        Assert.Equal(new NdpMessage.NeighborAdvertisement(flags, Target, [new NdpOption.TargetLinkLayerAddress(mac)]), Ndp(na));
        var rs = Icmpv6Message.RouterSolicitation(mac);
        Assert.Equal(16, rs.Length);
        Assert.Equal(new NdpMessage.RouterSolicitation(0, [new NdpOption.SourceLinkLayerAddress(mac)]), Ndp(rs));
    }

    [Fact]
    public void Nd_messages_print_their_options()
    {
        var text = Ndp(Icmpv6Message.NeighborSolicitation(Target, MacAddress.Parse("02:00:00:00:00:01"))).ToString();
        Assert.Contains("Options = [SourceLinkLayerAddress { Type = 1, Length = 8, Address = 02:00:00:00:00:01 }]", text);
        Assert.Contains("Target = fe80::546f:f7ff:fee1:f", text);
    }

    [Fact]
    public void Ndp_option_length_zero_is_a_decode_error_not_a_loop()
    {
        // RFC 4861 4.6: a node MUST silently discard an ND packet with a zero-length option.
        var bytes = Convert.FromHexString("8700000000000000fe80000000000000546ff7fffee1000f0100000000000000");
        Assert.False(Icmpv6Message.TryDecode(bytes, out _, out var error));
        Assert.Equal(new DecodeError(Layer.Icmpv6, 24, "NDP option length 0"), error);
        var built = new Icmpv6Message(Icmpv6Type.NeighborSolicitation, 0, null, 0, bytes[8..]);
        Assert.False(built.TryGetNdp(out _, out error));
        Assert.Equal(24, error.Offset);
    }

    [Fact]
    public void Ndp_option_running_past_the_message_is_a_decode_error()
    {
        var bytes = Convert.FromHexString("8700000000000000fe80000000000000546ff7fffee1000f0102000000000000");
        Assert.False(Icmpv6Packet.TryParse(bytes, out _, out var error));
        Assert.Equal(24, error.Offset);
        Assert.False(Icmpv6Packet.TryParse(bytes[..25], out _, out error));
        Assert.Equal(24, error.Offset);
    }

    [Fact]
    public void Nd_message_shorter_than_its_fixed_part_is_a_decode_error()
    {
        Assert.False(Icmpv6Packet.TryParse(DadSolicitation.AsSpan(0, 20), out _, out var error));
        Assert.Equal(Layer.Icmpv6, error.Layer);
        Assert.False(Icmpv6Packet.TryParse(DadSolicitation.AsSpan(0, 7), out _, out _));
    }

    [Fact]
    public void Non_nd_types_keep_their_body_raw()
    {
        byte[] bytes = [2, 0, 0x12, 0x34, 0, 0, 0x05, 0xDC, 0x60, 0, 0];
        var message = Decode(bytes);
        Assert.Equal(Icmpv6Type.PacketTooBig, message.Type);
        Assert.Equal(1500u, message.Mtu);
        Assert.False(message.TryGetNdp(out _, out _));
        Assert.Equal(bytes, Emit(message, 0));
    }

    [Fact]
    public void Built_messages_verify_and_decode_back()
    {
        var messages =
            from type in Gen.Elements<byte>(1, 2, 3, 4, 128, 129, 130, 143, 200)
            from code in ArbMap.Default.GeneratorFor<byte>()
            from rest in ArbMap.Default.GeneratorFor<uint>()
            from body in ArbMap.Default.GeneratorFor<byte[]>()
            select new Icmpv6Message((Icmpv6Type)type, code, null, rest, body);
        Prop.ForAll(Arb.From(messages), message =>
        {
            var sum = InternetChecksum.PseudoHeader(Ipv6Address.Parse("2001:db8::1"), Ipv6Address.Parse("2001:db8::2"), IpProtocol.Icmpv6, message.Length);
            var bytes = Emit(message, sum);
            return Icmpv6Packet.TryParse(bytes, out var packet, out _) && packet.VerifyChecksum(sum) == ChecksumStatus.Good &&
                   Icmpv6Message.TryDecode(bytes, out var decoded, out _) && decoded == message with { Checksum = packet.Checksum };
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Nd_messages_emit_and_decode_back()
    {
        Prop.ForAll(Arb.From(NdpMessages()), ndp =>
        {
            var bytes = Emit(Icmpv6Message.FromNdp(ndp), 0);
            return Icmpv6Message.TryDecode(bytes, out var decoded, out _) && decoded.TryGetNdp(out var back, out _) && back == ndp;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void View_path_allocates_nothing()
    {
        ViewEverything(RouterAdvertisement);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var total = 0L;
        for (var i = 0; i < 100; i++)
            total += ViewEverything(RouterAdvertisement) + ViewEverything(DadSolicitation);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotEqual(0, total);
    }

    private static long ViewEverything(ReadOnlySpan<byte> bytes) =>
        Icmpv6Packet.TryParse(bytes, out var packet, out _)
            ? (long)packet.Type + packet.Code + packet.Checksum + packet.RestOfHeader + packet.Identifier + packet.SequenceNumber +
              packet.Mtu + packet.Body.Length + packet.NdpOptions.Length + (packet.IsNdp ? 1 : 0) +
              (int)packet.VerifyChecksum(RouterAdvertisementPseudoHeader)
            : 0;

    [Fact]
    public void Json_includes_the_decoded_nd_message()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            Decode(RouterAdvertisement).WriteJson(writer);
            writer.WriteEndObject();
        }
        var json = JsonDocument.Parse(stream.ToArray()).RootElement;
        Assert.Equal(134, json.GetProperty("type").GetInt32());
        Assert.Equal("router-advertisement", json.GetProperty("typeName").GetString());
        Assert.Equal(0x2401, json.GetProperty("checksum").GetInt32());
        var prefix = json.GetProperty("ndp").GetProperty("options")[0];
        Assert.Equal(3, prefix.GetProperty("type").GetInt32());
        Assert.Equal("prefix-information", prefix.GetProperty("typeName").GetString());
        Assert.Equal("2222:3333:4444:5555:6600::/72", prefix.GetProperty("prefix").GetString());
    }

    [Fact]
    public void Decoding_hostile_bytes_never_throws_and_what_decodes_round_trips()
    {
        var watch = Stopwatch.StartNew();
        byte[] echo = Emit(Icmpv6Message.EchoRequest(7, 9, new byte[] { 1, 2, 3 }), 0);
        foreach (var bytes in Mutations.Of([RouterAdvertisement, DadSolicitation, echo], 100_000))
        {
            ViewEverything(bytes);
            if (!Icmpv6Message.TryDecode(bytes, out var message, out _))
                continue;
            Assert.Equal(bytes, Emit(message, 0));
            if (message.TryGetNdp(out var ndp, out _))
                Assert.Equal(bytes, Emit(Icmpv6Message.FromNdp(ndp) with { Code = message.Code, Checksum = message.Checksum }, 0));
        }
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    private static Gen<Ipv6Address> Addresses() =>
        ArbMap.Default.GeneratorFor<ulong>().Two().Select(t => new Ipv6Address(new UInt128(t.Item1, t.Item2)));

    private static Gen<NdpOption> Options() => Gen.OneOf(
        ArbMap.Default.GeneratorFor<ulong>().Select(v => (NdpOption)new NdpOption.SourceLinkLayerAddress(new MacAddress(v & 0xFFFF_FFFF_FFFF))),
        ArbMap.Default.GeneratorFor<ulong>().Select(v => (NdpOption)new NdpOption.TargetLinkLayerAddress(new MacAddress(v & 0xFFFF_FFFF_FFFF))),
        from length in ArbMap.Default.GeneratorFor<byte>()
        from flags in Gen.Choose(0, 3)
        from lifetimes in ArbMap.Default.GeneratorFor<uint>().Two()
        from prefix in Addresses()
        select (NdpOption)new NdpOption.PrefixInformation(length, (flags & 1) != 0, (flags & 2) != 0, lifetimes.Item1, lifetimes.Item2, prefix),
        Gen.Choose(0, 5).SelectMany(units => ArbMap.Default.GeneratorFor<byte>().ArrayOf(6 + 8 * units))
            .Select(data => (NdpOption)new NdpOption.RedirectedHeader(data)),
        ArbMap.Default.GeneratorFor<uint>().Select(v => (NdpOption)new NdpOption.Mtu(v)),
        from type in Gen.Elements<byte>(0, 6, 14, 25, 31, 255)
        from data in Gen.Choose(0, 3).SelectMany(units => ArbMap.Default.GeneratorFor<byte>().ArrayOf(6 + 8 * units))
        select (NdpOption)new NdpOption.UnknownOption(type, data));

    private static Gen<NdpMessage> NdpMessages() =>
        from options in Options().ListOf().Select(o => o.Take(6).ToImmutableArray())
        from words in ArbMap.Default.GeneratorFor<uint>().Two()
        from bytes in ArbMap.Default.GeneratorFor<byte>().Two()
        from lifetime in ArbMap.Default.GeneratorFor<ushort>()
        from target in Addresses()
        from destination in Addresses()
        from kind in Gen.Choose(0, 4)
        select kind switch
        {
            0 => (NdpMessage)new NdpMessage.RouterSolicitation(words.Item1, options),
            1 => new NdpMessage.RouterAdvertisement(bytes.Item1, bytes.Item2, lifetime, words.Item1, words.Item2, options),
            2 => new NdpMessage.NeighborSolicitation(words.Item1, target, options),
            3 => new NdpMessage.NeighborAdvertisement((NeighborAdvertisementFlags)words.Item1, target, options),
            _ => new NdpMessage.Redirect(words.Item1, target, destination, options),
        };
}
