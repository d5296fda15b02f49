using System.Diagnostics;
using Enet.Codecs;
using FsCheck.Fluent;
using Xunit;

namespace Enet.Tests.Codecs;

/// <summary>Random and mutated buffers through every L2/L3 view and representation: decoding never throws, and
/// whatever decodes re-emits to the bytes it came from.</summary>
public class L23FuzzTests
{
    private const int Iterations = 100_000;

    [Fact]
    public void L2_l3_decoders_never_throw_and_re_emit_what_they_accept()
    {
        var seeds = Seeds();
        var random = new Random(0x1234);
        var accepted = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Iterations; i++)
        {
            var bytes = i % 10 == 0 ? RandomBuffer(random) : Mutate(seeds[random.Next(seeds.Count)], random);
            accepted += Exercise(bytes);
        }
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"fuzzing took {clock.Elapsed}");
        Assert.True(accepted > Iterations / 10, $"only {accepted} buffers decoded: the mutations are too destructive to test much");
    }

    /// <summary>Runs every decoder over <paramref name="bytes"/>; returns how many accepted it.</summary>
    private static int Exercise(byte[] bytes)
    {
        var accepted = 0;
        if (EthernetFrame.TryParse(bytes, out var frame, out _))
        {
            for (var t = 0; t < frame.TagCount; t++)
                _ = frame.Tag(t);
            _ = (frame.Destination, frame.Source, frame.EtherType, frame.IsLengthField, frame.Payload.Length);
            Assert.True(EthernetHeader.TryDecode(bytes, out var header, out _));
            AssertReEmits(bytes, header.Length, header.Emit);
            accepted += 1 + Exercise(frame.Payload.ToArray(), frame.EtherType);
        }
        return accepted + Exercise(bytes, EtherType.Arp) + Exercise(bytes, EtherType.Ipv4) + Exercise(bytes, EtherType.Ipv6);
    }

    private static int Exercise(byte[] bytes, EtherType type)
    {
        switch (type)
        {
            case EtherType.Arp when ArpPacket.TryParse(bytes, out var arp, out _):
                _ = (arp.Operation, arp.SenderHardwareAddress, arp.SenderProtocolAddress, arp.TargetHardwareAddress,
                    arp.TargetProtocolAddress, arp.Trailer.Length);
                Assert.True(ArpMessage.TryDecode(bytes, out var message, out _));
                AssertReEmits(bytes, message.Length, message.Emit);
                return 1;
            case EtherType.Ipv4 when Ipv4Packet.TryParse(bytes, out var v4, out _):
                _ = (v4.Options.Length, v4.Payload.Length, v4.IsTruncated, v4.VerifyChecksum(), v4.Source, v4.Destination,
                    v4.FragmentByteOffset, v4.Dscp, v4.Ecn);
                Assert.True(Ipv4Header.TryDecode(bytes, out var v4Header, out _));
                AssertReEmits(bytes, v4Header.Length, span => v4Header.Emit(span, 0));
                return 1;
            case EtherType.Ipv6 when Ipv6Packet.TryParse(bytes, out var v6, out _):
                _ = (v6.Payload.Length, v6.UpperLayerPayload.Length, v6.IsTruncated, v6.Fragment, v6.IsNonFirstFragment);
                var reader = v6.ExtensionHeaders;
                while (reader.MoveNext())
                    _ = (reader.Kind, reader.NextHeader, reader.Header.Length);
                Assert.True(Ipv6Header.TryDecode(bytes, out var v6Header, out _));
                foreach (var extension in v6Header.ExtensionHeaders)
                    _ = (extension.TryGetOptions(out _), extension.RoutingType, extension.SegmentsLeft, extension.Fragment);
                AssertReEmits(bytes, v6Header.Length, span => v6Header.Emit(span, 0));
                return 1;
            default:
                return 0;
        }
    }

    private static void AssertReEmits(byte[] original, int length, SpanAction emit)
    {
        var emitted = new byte[length];
        emit(emitted);
        Assert.Equal(original[..length], emitted);
    }

    private delegate void SpanAction(Span<byte> destination);

    private static List<byte[]> Seeds()
    {
        var seeds = new List<byte[]>
        {
            EthernetTests.QinQArpFrame,
            Ipv6Tests.MldWithHopByHop,
            Ipv6Tests.EchoWithRoutingHeader,
            Frame(new EthernetHeader(MacAddress.Broadcast, MacAddress.Zero, EtherType.Ipv6), Ipv6Tests.MldWithHopByHop),
        };
        foreach (var header in Gen.Sample(L23Generators.Ipv4Header, 50))
            seeds.Add(Emit(header.Length + 8, span => header.Emit(span, 8)));
        foreach (var header in Gen.Sample(L23Generators.Ipv6Header, 50))
            seeds.Add(Emit(header.Length + 8, span => header.Emit(span, 8)));
        foreach (var message in Gen.Sample(L23Generators.Arp, 20))
            seeds.Add(Emit(message.Length, message.Emit));
        var payloads = seeds.Count;
        var ethernets = Gen.Sample(L23Generators.Ethernet, 60);
        for (var i = 0; i < ethernets.Length; i++)
        {
            var payload = seeds[i % payloads];
            var type = payload.Length == ArpPacket.Length ? EtherType.Arp : (payload[0] >> 4) == 6 ? EtherType.Ipv6 : EtherType.Ipv4;
            seeds.Add(Frame(ethernets[i] with { EtherType = type }, payload));
        }
        return seeds;
    }

    private static byte[] Frame(EthernetHeader ethernet, byte[] payload) =>
        Emit(ethernet.Length + payload.Length, span =>
        {
            ethernet.Emit(span);
            payload.CopyTo(span[ethernet.Length..]);
        });

    private static byte[] Emit(int length, SpanAction emit)
    {
        var bytes = new byte[length];
        emit(bytes);
        return bytes;
    }

    private static byte[] RandomBuffer(Random random)
    {
        var bytes = new byte[random.Next(0, 128)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>One to four edits a real corruption makes: a random byte, a flipped bit, a cut, or junk appended.</summary>
    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = seed.ToList();
        for (var edits = random.Next(1, 5); edits > 0; edits--)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 2:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    bytes.AddRange(Enumerable.Range(0, random.Next(1, 16)).Select(_ => (byte)random.Next(256)));
                    break;
            }
        }
        return [.. bytes];
    }
}
