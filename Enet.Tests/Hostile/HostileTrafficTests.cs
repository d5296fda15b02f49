using System.Diagnostics;
using Enet.Tests.Tap;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Hostile;

/// <summary>
/// Linux floods an `enet run` host (arp, icmp, udp-echo, tcp-echo, http on a TAP device) from inside a namespace
/// the test creates. Each attack is bounded in count; afterwards the host must be alive, answer ping and
/// tcp-echo, and hold at most <see cref="MaxResidentBytes"/>. Figures go to the test output.
/// </summary>
[Collection(KernelInteropCollection.Name)]
public sealed class HostileTrafficTests(HostileHostFixture fixture, ITestOutputHelper output) : IClassFixture<HostileHostFixture>
{
    /// <summary>
    /// The enet process's resident set after any one attack. An idle host measured 69 MB and every attack left it
    /// under 130 MB; the tables the attacks fill are bounded in reference.conf (ARP and neighbour caches 1024
    /// entries, reassembly 4 MiB per interface, 1024 TCP connections), and the GC heap is capped at
    /// <see cref="HostileHost.HeapLimitBytes"/>, so growth past that ends the process rather than this bound.
    /// </summary>
    private const long MaxResidentBytes = 256L * 1024 * 1024;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private async Task<HostileHost> Started(params string[] tools)
    {
        var host = Prerequisites(tools).Host;
        // A host an earlier attack left deaf failed that test; this one gets a fresh host instead of failing too.
        if (host.WasReady && !await host.Answers(output))
            host = fixture.Restart();
        return await Ready(host);
    }

    private HostileHostFixture Prerequisites(string[] tools)
    {
        TestEnvironment.Require(TestNamespace.Available, TestNamespace.Requirement);
        TestEnvironment.RequireTool("ping", "iputils-ping");
        foreach (var tool in tools)
            TestEnvironment.RequireTool(tool, tool);
        TestEnvironment.Require(File.Exists(HostileHost.Python) && HostileHost.HasScapy, "python3-scapy (Debian's python3 with scapy)");
        return fixture;
    }

    private async Task<HostileHost> Ready(HostileHost host)
    {
        await host.AwaitReady(output, StartTimeout);
        output.WriteLine($"before: VmRSS {host.ResidentBytes() / 1024 / 1024} MB");
        return host;
    }

    /// <summary>What every attack must leave: the process alive, ping and (unless <paramref name="tcpEcho"/> is false)
    /// tcp-echo answered, memory within the bound.</summary>
    private async Task AssertSurvived(HostileHost host, string attack, bool tcpEcho = true)
    {
        host.AssertAlive(attack);
        Assert.True(await host.Ping(output, HostileHost.EnetIp), $"no ping reply after {attack}");
        var echoes = await host.EchoesTcp();
        output.WriteLine($"after {attack}: tcp-echo {(echoes ? "answers" : "does not answer")}");
        Assert.True(echoes || !tcpEcho, $"tcp-echo broken after {attack}");
        var rss = host.ResidentBytes();
        output.WriteLine($"after {attack}: VmRSS {rss / 1024 / 1024} MB (bound {MaxResidentBytes / 1024 / 1024} MB)");
        Assert.True(rss <= MaxResidentBytes, $"enet holds {rss / 1024 / 1024} MB after {attack}, above {MaxResidentBytes / 1024 / 1024} MB");
    }

    [SkippableFact]
    public async Task Syn_flood_to_the_open_echo_port_from_a_silent_spoofed_neighbour()
    {
        Prerequisites(["hping3"]);
        // A host of its own: the half-open connections this flood leaves hold TCP's connection table (max-connections)
        // until their SYN-ACK retransmissions give up, about two minutes, and the other attacks need tcp-echo.
        using var host = new HostileHost();
        await Ready(host);
        // 20,000 SYNs with changing source ports from an address that never answers ARP: every SYN asks for a
        // half-open connection whose SYN-ACK cannot even be sent.
        var flood = await host.Run(output, "ip", "netns", "exec", host.Namespace, "hping3", "-q", "-S", "-p", "7", "-a", "10.199.9.77",
            "-c", "20000", "-i", "u50", HostileHost.EnetIp);
        host.AssertAlive("the SYN flood");
        Assert.Contains("20000 packets transmitted", flood.Output + flood.Error);
        // The backlog full of half-open connections, later SYNs drew SYN cookies (RFC 4987 3.6): tcp-echo answers.
        await AssertSurvived(host, "a SYN flood to port 7 from a spoofed source");
    }

    /// <summary>How far above its resident set before a flood enet may stay after it.</summary>
    private const long FloodResidue = 50L * 1024 * 1024;

    [SkippableFact]
    public async Task Tcp_echo_serves_a_new_client_during_a_syn_flood_and_memory_returns_after_it()
    {
        Prerequisites(["hping3"]);
        using var host = new HostileHost();
        await Ready(host);
        var before = host.ResidentBytes();
        var framesBefore = host.FramesSentToEnet();
        // As fast as hping3 goes, from a silent neighbour: the half-open connections fill tcp-echo's backlog and stay,
        // and every SYN after them draws a cookie. At most a minute, should the test never stop it.
        using var flood = HostileHost.StartSynFlood(host.Namespace, "10.199.9.77", 7, TimeSpan.FromSeconds(60));
        var started = Stopwatch.StartNew();
        long frames;
        while ((frames = host.FramesSentToEnet() - framesBefore) < 20_000)
        {
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), $"the flood sent {frames} frames in {started.Elapsed}");
            Assert.False(flood.HasExited, "hping3 ended");
            await Task.Delay(100);
        }
        output.WriteLine($"flood under way: {frames} frames in {started.Elapsed.TotalSeconds:F1} s");
        var payload = new byte[100_000];
        new Random(7).NextBytes(payload);
        var echo = await host.EchoTcp(payload, TimeSpan.FromSeconds(30));
        output.WriteLine($"100 kB echo during the flood: {(echo.Intact ? "intact" : "failed")}, connected after " +
                         $"{echo.Connected?.TotalSeconds:F2} s, done after {echo.Elapsed.TotalSeconds:F2} s");
        Assert.False(flood.HasExited, "the flood ended before the echo did");
        frames = host.FramesSentToEnet() - framesBefore;
        flood.Kill(entireProcessTree: true);
        await flood.WaitForExitAsync();
        output.WriteLine($"flood: {frames} frames in {started.Elapsed.TotalSeconds:F1} s ({frames / started.Elapsed.TotalSeconds:F0}/s)");
        host.AssertAlive("a SYN flood at full speed");
        Assert.True(echo.Intact, "tcp-echo did not echo 100 kB intact during the flood");
        // Memory: back within FloodResidue of the start once the flood's frames are gone (polled: the GC gives memory
        // back in its own time), at most a minute.
        var after = host.ResidentBytes();
        var settle = Stopwatch.StartNew();
        while (after - before > FloodResidue && settle.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(500);
            after = host.ResidentBytes();
        }
        output.WriteLine($"VmRSS {before / 1024 / 1024} MB before, {after / 1024 / 1024} MB {settle.Elapsed.TotalSeconds:F1} s after the flood");
        Assert.True(after - before <= FloodResidue, $"enet holds {(after - before) / 1024 / 1024} MB more than before the flood");
        await AssertSurvived(host, "a SYN flood at full speed");
    }

    [SkippableFact]
    public async Task Syn_flood_to_a_closed_port()
    {
        var host = await Started("hping3");
        var flood = await host.Run(output, "ip", "netns", "exec", host.Namespace, "hping3", "-q", "-S", "-p", "9",
            "-c", "20000", "-i", "u50", HostileHost.EnetIp);
        Assert.Contains("20000 packets transmitted", flood.Output + flood.Error);
        await AssertSurvived(host, "a SYN flood to closed port 9");
    }

    [SkippableTheory]
    [InlineData("frag-first", 20000)]
    [InlineData("frag-overlap", 5000)]
    [InlineData("frag-tiny", 300)]
    public async Task Fragment_floods(string attack, int count)
    {
        var host = await Started();
        var figures = await host.Attack(output, attack, count);
        output.WriteLine($"{attack}: {figures["sent"]} fragments in {figures["seconds"]:F2} s");
        await AssertSurvived(host, attack);
    }

    [SkippableTheory]
    [InlineData("arp-flood", 4000)]
    [InlineData("arp-takeover", 2000)]
    public async Task Arp_floods(string attack, int count)
    {
        var host = await Started();
        var lines = host.AddressConflictLines;
        var started = Stopwatch.StartNew();
        var figures = await host.Attack(output, attack, count);
        // ArpSettings.ConflictLogInterval: one warning per own address per 10 s, however many claims.
        var conflictLines = host.AddressConflictLines - lines;
        output.WriteLine($"{attack}: {figures["sent"]} frames in {figures["seconds"]:F2} s, {conflictLines} address-conflict lines logged");
        Assert.InRange(conflictLines, 0, 1 + (int)(started.Elapsed.TotalSeconds / 10) + 1);
        await AssertSurvived(host, attack);
    }

    [SkippableTheory]
    [InlineData("udp-closed", 20000)]
    [InlineData("icmp-flood", 20000)]
    public async Task Icmp_errors_to_a_flood_stay_within_the_rate_limit(string attack, int count)
    {
        var host = await Started();
        var figures = await host.Attack(output, attack, count);
        // reference.conf enet.ip.icmp-errors: burst 50, then 1000 per second. The window runs from the first frame
        // sent until counting stops, so no error the limit allowed can fall outside it.
        var bound = 50 + 1000 * figures["window"];
        output.WriteLine($"{attack}: {figures["sent"]} sent in {figures["seconds"]:F2} s, {figures["errors"]} ICMP unreachable back " +
                         $"in {figures["window"]:F2} s (limit {bound:F0})");
        Assert.True(figures["errors"] <= bound, $"{figures["errors"]} ICMP errors in {figures["window"]} s");
        await AssertSurvived(host, attack);
    }

    [SkippableFact]
    public async Task Icmpv6_errors_to_a_udp_flood_stay_within_the_rate_limit()
    {
        var host = await Started();
        // Linux's neighbour entry first: the first errors would otherwise wait (three at most) for its resolution. Up to
        // 2 s of echoes: a host just started is still running duplicate address detection (about 1 s) on its address.
        Assert.True(await host.Ping(output, HostileHost.EnetIp6, count: 10));
        // reference.conf enet.ipv6.icmp-errors: burst 10, then 10 per second (RFC 4443 2.4(f)). A bucket an earlier
        // flood emptied may have nothing to give within one flood's window: a second flood, a second later, must get
        // some errors back, and neither more than the bucket allows.
        var errors = 0.0;
        for (var flood = 0; flood < 2 && errors == 0; flood++)
        {
            var figures = await host.Attack(output, "udp6-closed", 5000);
            var bound = 10 + 10 * figures["window"];
            output.WriteLine($"udp6-closed: {figures["sent"]} sent, {figures["errors"]} ICMPv6 unreachable back in {figures["window"]:F2} s (limit {bound:F0})");
            Assert.InRange(figures["errors"], 0, bound);
            errors = figures["errors"];
        }
        Assert.True(errors >= 1, "no ICMPv6 error came back from two floods");
        await AssertSurvived(host, "a UDP flood over IPv6");
    }

    [SkippableTheory]
    [InlineData("ndp-flood", 4000)]
    [InlineData("router-advertisements", 500)]
    public async Task Ndp_floods(string attack, int count)
    {
        var host = await Started();
        // Up to 2 s of echoes: a host just started is still running duplicate address detection on its address.
        var hopLimits = await host.ReplyHopLimits(output, HostileHost.EnetIp6, count: 10);
        Assert.NotEmpty(hopLimits);
        var figures = await host.Attack(output, attack, count);
        output.WriteLine($"{attack}: {figures["sent"]} frames in {figures["seconds"]:F2} s");
        // The advertisements say Cur Hop Limit 1: a host that is not configured to take router advertisements keeps its
        // own (RFC 4861 6.3.4), and its echo replies leave with the hop limit they had before.
        var after = await host.ReplyHopLimits(output, HostileHost.EnetIp6);
        Assert.True(after.Count > 0, $"no ping -6 reply after {attack}");
        Assert.Equal(hopLimits.Distinct(), after.Distinct());
        await AssertSurvived(host, attack);
    }

    [SkippableFact]
    public async Task Nmap_tcp_udp_and_os_scan()
    {
        var host = await Started("nmap");
        var scan = await host.Run(output, "ip", "netns", "exec", host.Namespace, "nmap", "-n", "-Pn", "-sS", "-sU", "-O",
            "--top-ports", "100", "-T4", "--max-retries", "1", "--host-timeout", "45s", HostileHost.EnetIp);
        // Which ports it reports depends on its timing on a loaded machine; that it finished is what counts here.
        Assert.Equal(0, scan.ExitCode);
        Assert.Contains("Nmap done", scan.Output);
        await AssertSurvived(host, "an nmap scan");
    }
}
