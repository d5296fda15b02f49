using Enet.Actors.Tcp;
using Enet.TestKit.TcpScripts;
using Xunit;

namespace Enet.Tests.Tcp.Core;

/// <summary>RFC 4987 3.6: a connection made from the ACK that brought a SYN cookie back starts in ESTABLISHED with what
/// the cookie remembered of the SYN; scripted against the core (the cookie's encoding: <see cref="SynCookiesTests"/>).
/// The cookie SYN,ACK went out from the listener, so a script begins with the peer's ACK of it.</summary>
public sealed class TcpCoreSynCookieTests
{
    private static readonly TcpSettings Timestamps = TcpSettings.Default with { Timestamps = true };

    /// <summary>Our cookie TSval for a peer shift of 7 with SACK, relative to the ISS, where scripts count our TSvals
    /// from: SynCookies.TimestampValue.</summary>
    private static readonly long CookieTsVal = (int)(SynCookies.TimestampValue(TcpCoreScript.Iss, 7, true) - TcpCoreScript.Iss.Value);

    [Fact]
    public void Without_timestamps_the_ack_makes_an_established_connection_with_the_cookies_mss_and_no_scaling()
    {
        var script = new TcpCoreScript(passive: true, cookie: new SynCookie(TcpCoreScript.Iss, 1300, null, false, false)).Run("""
            0    < . 1:1(0) ack 1 win 65535
            +0   write 2000
            +0   > . 1:1301(1300) ack 1 win 65535
            +0   > P. 1301:2001(700) ack 1 win 65535
            +.01 < . 1:1(0) ack 2001 win 65535
            +0   < P. 1:101(100) ack 2001 win 65535
            +.2  > . 2001:2001(0) ack 101
            """);
        Assert.Equal([(TcpCoreEvent.Connected, default(TcpError))], script.Events);
        Assert.Equal(100, script.Received.Count);
        var info = script.Core.Info();
        Assert.Equal((TcpState.Established, 1300, 0, 0), (info.State, info.SendMss, info.SendWindowShift, info.ReceiveWindowShift));
        Assert.Equal((false, false), (script.Core.TcpInfo().Sack, script.Core.TcpInfo().Timestamps));
    }

    [Fact]
    public void With_timestamps_the_connection_scales_windows_sacks_and_stamps_as_the_syn_asked()
    {
        var cookie = new SynCookie(TcpCoreScript.Iss, 1460, 7, true, true);
        var script = new TcpCoreScript(passive: true, Timestamps, cookie: cookie).Run($$"""
            0    < . 1:1(0) ack 1 win 512 <TS val 7000 ecr {{CookieTsVal}}>
            +0   write 1000
            +0   > P. 1:1001(1000) ack 1 <TS val 0 ecr 7000>
            +.05 < . 1:1(0) ack 1001 win 512 <TS val 7050 ecr 0>
            // Out of order: reported in a SACK block (RFC 2018 4) at once.
            +0   < P. 101:201(100) ack 1001 win 512 <TS val 7051 ecr 0>
            +0   > . 1001:1001(0) ack 1 <TS val 50 ecr 7050,sack 101:201>
            """);
        var info = script.Core.Info();
        // 512 << 7 from the peer; our own shift for 256 KiB is 3; the MSS less the 12 bytes of timestamps.
        Assert.Equal((TcpState.Established, 1448, 7, 3, 65536), (info.State, info.SendMss, info.SendWindowShift, info.ReceiveWindowShift, info.SndWnd));
        Assert.Equal((true, true), (script.Core.TcpInfo().Sack, script.Core.TcpInfo().Timestamps));
    }

    [Fact]
    public void Data_on_the_ack_itself_is_delivered_after_connected()
    {
        var script = new TcpCoreScript(passive: true, cookie: new SynCookie(TcpCoreScript.Iss, 536, null, false, false)).Run("""
            0    < P. 1:101(100) ack 1 win 65535
            +.2  > . 1:1(0) ack 101 win 65535
            """);
        Assert.Equal(TcpCoreEvent.Connected, script.Events.Single().Event);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (byte)i), script.Received);
    }

    [Fact]
    public void An_ack_that_does_not_acknowledge_the_cookie_makes_no_connection_and_sends_nothing()
    {
        var script = new TcpCoreScript(passive: true, cookie: new SynCookie(TcpCoreScript.Iss, 536, null, false, false));
        var error = Assert.Throws<TcpScriptException>(() => script.Run("0 < . 1:1(0) ack 2 win 65535"));
        Assert.Contains("refused", error.Message);
        Assert.Equal(TcpState.Closed, script.Core.State);
        Assert.Empty(script.Events);
    }
}
