using Enet.Actors.GenTcp;
using Enet.Actors.Inet;
using Xunit;

namespace Enet.Tests.GenTcp;

/// <summary>gen_tcp's option defaults and the rules setopts applies (inet(3), probed on OTP 25).</summary>
public sealed class TcpSocketOptionsTests
{
    private static TcpSocketOptions Apply(TcpSocketOptions options, params InetOption[] set)
    {
        var result = options.Apply(set);
        Assert.True(result.IsOk, result.ToString());
        return result.Value;
    }

    [Fact]
    public void Defaults_are_otps()
    {
        var d = TcpSocketOptions.Default;
        Assert.Equal(ActiveMode.True, d.Active);
        Assert.Equal((0, 0, 0), ((int)d.Get("packet"), d.PacketSize, d.Header));
        Assert.Equal((true, "infinity", false), (d.ExitOnClose, d.Get("send_timeout"), d.SendTimeoutClose));
        Assert.Equal((8192, 4096), (d.HighWatermark, d.LowWatermark));
        Assert.Equal((false, false, false, false, 1460), (d.NoDelay, d.DelaySend, d.KeepAlive, d.ReuseAddr, d.Buffer));
        Assert.Equal((false, 0), d.Linger);
        Assert.Null(d.RecBuf);
    }

    [Fact]
    public void Active_n_adds_to_the_counter_and_a_sum_at_or_below_zero_is_passive()
    {
        var five = Apply(TcpSocketOptions.Default with { Active = ActiveMode.False }, InetOption.ActiveN(5));
        Assert.Equal(ActiveMode.Count(3), Apply(five, InetOption.ActiveN(-2)).Active);
        Assert.Equal(ActiveMode.Count(8), Apply(five, InetOption.ActiveN(3)).Active);
        Assert.Equal(ActiveMode.False, Apply(five, InetOption.ActiveN(-10)).Active);
        Assert.Equal(ActiveMode.False, Apply(five, InetOption.ActiveN(-5)).Active);
    }

    [Theory]
    [InlineData(32768)]
    [InlineData(-32769)]
    public void Active_n_outside_the_16_bit_range_is_einval(int n) =>
        Assert.Equal(Posix.Einval, TcpSocketOptions.Default.Apply([InetOption.ActiveN(n)]).Error);

    [Fact]
    public void A_counter_sum_above_32767_is_einval_and_changes_nothing()
    {
        var near = Apply(TcpSocketOptions.Default, InetOption.ActiveN(32000));
        Assert.Equal(Posix.Einval, near.Apply([InetOption.ActiveN(1000)]).Error);
        Assert.Equal(ActiveMode.Count(32000), near.Active);
    }

    [Fact]
    public void Watermarks_stay_ordered_high_below_low_pulls_low_down_and_low_above_high_pushes_high_up()
    {
        Assert.Equal((1000, 1000), (Apply(TcpSocketOptions.Default, GenTcpOption.HighWatermark(1000)) is var h ? (h.HighWatermark, h.LowWatermark) : default));
        Assert.Equal((20000, 20000), (Apply(TcpSocketOptions.Default, GenTcpOption.LowWatermark(20000)) is var l ? (l.HighWatermark, l.LowWatermark) : default));
    }

    [Theory]
    [InlineData("packet", 3)]
    [InlineData("packet", "http")]
    [InlineData("packet_size", -1)]
    [InlineData("tos", 256)]
    [InlineData("line_delimiter", 256)]
    [InlineData("line_delimiter", -1)]
    [InlineData("recbuf", 0)]
    [InlineData("nodelay", 1)]
    [InlineData("no_such_option", true)]
    public void Bad_values_and_unknown_names_are_einval(string name, object value) =>
        Assert.Equal(Posix.Einval, TcpSocketOptions.Default.Apply([new InetOption(name, value)]).Error);

    [Fact]
    public void A_list_with_one_bad_option_changes_nothing()
    {
        var result = TcpSocketOptions.Default.Apply([GenTcpOption.NoDelay(true), new InetOption("packet", 3)]);
        Assert.False(result.IsOk);
        Assert.False(TcpSocketOptions.Default.NoDelay);
    }

    [Fact]
    public void Packet_takes_the_numbers_raw_line_and_reads_back_as_inet_gives_it()
    {
        Assert.Equal(PacketType.Four, Apply(TcpSocketOptions.Default, new InetOption("packet", 4)).Packet);
        Assert.Equal(PacketType.Line, Apply(TcpSocketOptions.Default, new InetOption("packet", "line")).Packet);
        Assert.Equal(PacketType.Raw, Apply(TcpSocketOptions.Default, new InetOption("packet", "raw")).Packet);
        Assert.Equal(2, Apply(TcpSocketOptions.Default, GenTcpOption.Packet(PacketType.Two)).Get("packet"));
        Assert.Equal("line", Apply(TcpSocketOptions.Default, GenTcpOption.Packet(PacketType.Line)).Get("packet"));
    }

    [Fact]
    public void Recorded_options_read_back_and_buffers_go_to_the_connection()
    {
        var o = Apply(TcpSocketOptions.Default, GenTcpOption.NoDelay(true), GenTcpOption.KeepAlive(true), GenTcpOption.Linger(true, 5),
            GenTcpOption.Tos(0x10), GenTcpOption.ReuseAddr(true), GenTcpOption.DelaySend(true), InetOption.RecBuf(4096), InetOption.SndBuf(8192),
            GenTcpOption.SendTimeout(TimeSpan.FromMilliseconds(200)), GenTcpOption.SendTimeoutClose(true), GenTcpOption.ExitOnClose(false),
            GenTcpOption.Header(2), GenTcpOption.PacketSize(100));
        Assert.Equal([true, true, (true, 5), 0x10, true, true, 4096, 8192, 200, true, false, 2, 100],
            new[] { "nodelay", "keepalive", "linger", "tos", "reuseaddr", "delay_send", "recbuf", "sndbuf", "send_timeout",
                "send_timeout_close", "exit_on_close", "header", "packet_size" }.Select(o.Get));
        Assert.Equal((4096, 8192), (o.TcpOptions.ReceiveBuffer, o.TcpOptions.SendBuffer));
    }

    [Fact]
    public void Line_delimiter_is_newline_by_default_and_reads_back_as_a_character_code()
    {
        Assert.Equal(10, TcpSocketOptions.Default.Get("line_delimiter"));
        var o = Apply(TcpSocketOptions.Default, GenTcpOption.LineDelimiter('\r'));
        Assert.Equal(((byte)'\r', 13), (o.LineDelimiter, o.Get("line_delimiter")));
        Assert.Equal((byte)'|', Apply(o, new InetOption("line_delimiter", '|')).LineDelimiter);
    }

    [Fact]
    public void Tos_and_reuseaddr_go_to_the_connection_and_buffers_default_to_the_layers()
    {
        var o = Apply(TcpSocketOptions.Default, GenTcpOption.Tos(0xB8), GenTcpOption.ReuseAddr(true));
        Assert.Equal(((byte)0xB8, true), (o.TcpOptions.Tos, o.TcpOptions.ReuseAddress));
        var layer = Enet.Actors.Tcp.TcpSettings.Default with { ReceiveBuffer = 1000, SendBuffer = 2000 };
        Assert.Equal((1000, 2000), (o.WithLayer(layer).Get("recbuf"), o.WithLayer(layer).Get("sndbuf")));
        Assert.Equal(3000, Apply(o.WithLayer(layer), InetOption.RecBuf(3000)).Get("recbuf"));
    }

    [Fact]
    public void Backlog_is_taken_when_opening_only()
    {
        Assert.Equal(50, TcpSocketOptions.Create([GenTcpOption.Backlog(50)]).Value.Backlog);
        Assert.Equal(Posix.Einval, TcpSocketOptions.Default.Apply([GenTcpOption.Backlog(50)]).Error);
    }
}
