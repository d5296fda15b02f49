using System.Text.Json;
using Enet.Codecs;
using Enet.Codecs.Frames;
using Xunit;

namespace Enet.Tests.Codecs.Frames;

public class QuotedDatagramTests
{
    private static JsonElement Json(byte[] frame) => JsonDocument.Parse(FrameJson.ToJson(FrameDecoder.Decode(frame))).RootElement;

    [Fact]
    public void Port_unreachable_reads_like_tcpdump()
    {
        var line = FrameSummary.Format(FrameDecoder.Decode(IcmpErrorFrames.PortUnreachable()));
        Assert.Equal("IP 192.0.2.2 > 192.0.2.1: ICMP 192.0.2.2 udp port 9999 unreachable, length 36", line);
    }

    [Fact]
    public void Time_exceeded_reads_like_tcpdump()
    {
        var line = FrameSummary.Format(FrameDecoder.Decode(IcmpErrorFrames.TimeExceeded()));
        Assert.Equal("IP 192.0.2.2 > 192.0.2.1: ICMP time exceeded in-transit, length 36", line);
    }

    [Fact]
    public void Icmpv6_errors_read_like_tcpdump()
    {
        Assert.Equal("IP6 2001:db8::2 > 2001:db8::1: ICMP6, destination unreachable, unreachable port, 2001:db8::2 udp port 9999, length 61",
            FrameSummary.Format(FrameDecoder.Decode(IcmpErrorFrames.Port6Unreachable())));
        Assert.Equal("IP6 2001:db8::2 > 2001:db8::1: ICMP6, time exceeded in-transit for 2001:db8::2, length 61",
            FrameSummary.Format(FrameDecoder.Decode(IcmpErrorFrames.Time6Exceeded())));
    }

    [Fact]
    public void The_quoted_udp_header_is_a_nested_object_with_ports()
    {
        var quoted = Json(IcmpErrorFrames.PortUnreachable()).GetProperty("icmpv4").GetProperty("quoted");
        Assert.Equal("192.0.2.2", quoted.GetProperty("ipv4").GetProperty("destination").GetString());
        Assert.Equal(17, quoted.GetProperty("ipv4").GetProperty("protocol").GetInt32());
        Assert.Equal(40000, quoted.GetProperty("udp").GetProperty("sourcePort").GetInt32());
        Assert.Equal(9999, quoted.GetProperty("udp").GetProperty("destinationPort").GetInt32());
        Assert.Equal(13, quoted.GetProperty("udp").GetProperty("length").GetInt32());
    }

    [Fact]
    public void The_quoted_tcp_header_gives_ports_and_sequence_number()
    {
        var tcp = Json(IcmpErrorFrames.TimeExceeded()).GetProperty("icmpv4").GetProperty("quoted").GetProperty("tcp");
        Assert.Equal(80, tcp.GetProperty("destinationPort").GetInt32());
        Assert.Equal(1_000_000, tcp.GetProperty("sequenceNumber").GetInt64());
    }

    [Fact]
    public void An_icmpv6_error_quotes_the_ipv6_header_and_udp_ports()
    {
        var quoted = Json(IcmpErrorFrames.Port6Unreachable()).GetProperty("icmpv6").GetProperty("quoted");
        Assert.Equal("2001:db8::2", quoted.GetProperty("ipv6").GetProperty("destination").GetString());
        Assert.Equal(9999, quoted.GetProperty("udp").GetProperty("destinationPort").GetInt32());
    }

    [Fact]
    public void A_quote_cut_inside_the_ip_header_stays_raw_and_is_no_error()
    {
        var frame = FrameDecoder.Decode(IcmpErrorFrames.ShortQuote());
        Assert.Null(frame.Error);
        var icmp = Json(IcmpErrorFrames.ShortQuote()).GetProperty("icmpv4");
        Assert.False(icmp.TryGetProperty("quoted", out _));
        Assert.Equal(24, icmp.GetProperty("data").GetString()!.Length);
        Assert.Equal("IP 192.0.2.2 > 192.0.2.1: ICMP unreachable, code 3, length 20", FrameSummary.Format(frame));
    }

    [Fact]
    public void Random_quotes_never_throw()
    {
        var random = new Random(20);
        for (var i = 0; i < 2000; i++)
        {
            var quote = new byte[random.Next(0, 64)];
            random.NextBytes(quote);
            // Mostly plausible first bytes, so the header parsers get past the version check.
            if (quote.Length > 0)
                quote[0] = random.Next(3) switch { 0 => 0x45, 1 => (byte)(0x60 | quote[0] & 0x0F), _ => quote[0] };
            var code = (byte)random.Next(6);
            foreach (var frame in new[]
            {
                IcmpErrorFrames.V4Error(new Icmpv4Message(Icmpv4Type.DestinationUnreachable, code, null, 0, quote)),
                IcmpErrorFrames.V4Error(new Icmpv4Message(Icmpv4Type.TimeExceeded, code, null, 0, quote)),
                IcmpErrorFrames.V6Error(new Icmpv6Message(Icmpv6Type.DestinationUnreachable, code, null, 0, quote)),
                IcmpErrorFrames.V6Error(new Icmpv6Message(Icmpv6Type.TimeExceeded, code, null, 0, quote)),
            })
            {
                var decoded = FrameDecoder.Decode(frame);
                Assert.Null(decoded.Error);
                Assert.NotEmpty(FrameSummary.Format(decoded));
                Assert.NotEmpty(FrameJson.ToJson(decoded));
            }
        }
    }
}
