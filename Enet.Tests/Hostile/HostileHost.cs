using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Enet.Tap;
using Enet.Tests.Tap;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Hostile;

/// <summary>
/// An `enet run` child process with arp, icmp, udp-echo, tcp-echo and http on a TAP device inside a throw-away
/// namespace, as a user would start it, for the hostile-traffic tests to flood. A child process because its
/// resident set (VmRSS) is the memory the attacks may grow, measured apart from the test host's own heap.
/// </summary>
public sealed class HostileHost : IDisposable
{
    public const string Device = "enet-h0";
    public const string EnetMac = "02:00:00:19:19:02";
    public const string EnetIp = "10.199.0.2";
    public const string OsIp = "10.199.0.1";

    /// <summary>A /20: 4094 addresses, more than the ARP cache's 1024 entries, for the spoofed-neighbour flood.</summary>
    public const string Subnet = "10.199.0.0/20";
    public const string EnetIp6 = "2001:db8:19::2";
    public const string OsIp6 = "2001:db8:19::1";
    public const string Subnet6 = "2001:db8:19::/64";

    /// <summary>The GC heap enet may use (DOTNET_GCHeapHardLimit); an idle host uses about 10 MB of it.</summary>
    public const long HeapLimitBytes = 128L * 1024 * 1024;

    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);
    private readonly TestNamespace _namespace;
    private readonly Process _process;
    private readonly string _config;
    private readonly Queue<string> _log = new();
    private int _addressConflictLines;

    public HostileHost()
    {
        _namespace = TestNamespace.Create();
        // The TAP's IPv6 address is made after this: without duplicate address detection it is usable at once, so the
        // first ping -6 does not fail with "Cannot assign requested address" while Linux's DAD runs.
        ExternalProcess.Run("ip", ["netns", "exec", _namespace.Name, "sysctl", "-qw", "net.ipv6.conf.default.accept_dad=0"], TimeSpan.FromSeconds(10));
        _config = Path.Combine(Path.GetTempPath(), $"enet-hostile-{Guid.NewGuid():N}.json");
        File.WriteAllText(_config, Config.Replace("NAMESPACE", _namespace.Name));
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? TestEnvironment.FindTool("dotnet") ?? "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "enet.dll"), "run", "--config", _config })
            start.ArgumentList.Add(argument);
        // A hard cap on the GC heap: a table that grew without bound under an attack ends the process with an
        // OutOfMemoryException, which the next health check sees, instead of hiding in the collector's slack.
        start.Environment["DOTNET_GCHeapHardLimit"] = $"0x{HeapLimitBytes:X}";
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private const string Config = """
        {
          "enet": {
            "log": { "level": "warning" },
            "hosts": {
              "h1": {
                "interfaces": {
                  "tap0": {
                    "link": "tap",
                    "device": "enet-h0",
                    "namespace": "NAMESPACE",
                    "mac": "02:00:00:19:19:02",
                    "ipv4": ["10.199.0.2/20"],
                    "os-ipv4": "10.199.0.1/20",
                    "ipv6": ["2001:db8:19::2/64"],
                    "os-ipv6": "2001:db8:19::1/64"
                  }
                },
                "services": ["arp", "icmp", "udp-echo", "tcp-echo", "http"]
              }
            }
          }
        }
        """;

    public string Namespace => _namespace.Name;

    public int ProcessId => _process.Id;

    /// <summary>The enet process's resident set in bytes (/proc/PID/status VmRSS, proc(5)).</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>The last lines enet wrote (at most 200: an attack may make it log a line per frame).</summary>
    /// <summary>Address-conflict warnings Enet logged so far (ARP rate-limits them per address).</summary>
    public int AddressConflictLines => Volatile.Read(ref _addressConflictLines);

    public string RecentLog()
    {
        lock (_log)
            return string.Join('\n', _log);
    }

    /// <summary>The namespace's end of the TAP device's MAC, which the attacks write as their Ethernet source.</summary>
    public string OsMac() => _namespace.IpHere("-br", "link", "show", "dev", Device).Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];

    /// <summary>Waits until the host answers ping (the device appears once enet has started) and tcp-echo.</summary>
    public async Task AwaitReady(ITestOutputHelper output, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Assert.False(_process.HasExited, $"enet exited with {(_process.HasExited ? _process.ExitCode : 0)}:\n{RecentLog()}");
            if (await Answers(output))
            {
                WasReady = true;
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"enet did not answer within {timeout}:\n{RecentLog()}");
            await Task.Delay(200);
        }
    }

    /// <summary>The host answered ping and tcp-echo once (<see cref="AwaitReady"/> returned).</summary>
    public bool WasReady { get; private set; }

    /// <summary>One ping and one tcp-echo exchange answered.</summary>
    public async Task<bool> Answers(ITestOutputHelper output) => await Ping(output, EnetIp, count: 1) && await EchoesTcp();

    /// <summary>True when ping (or ping -6) gets at least one of <paramref name="count"/> replies.</summary>
    public async Task<bool> Ping(ITestOutputHelper output, string address, int count = 3)
    {
        var result = await Run(output, "ip", "netns", "exec", Namespace, "ping", "-c", count.ToString(CultureInfo.InvariantCulture), "-i", "0.2", "-W", "2", address);
        return result.ExitCode == 0;
    }

    /// <summary>The hop limits (ping's ttl=) of the echo replies to <paramref name="count"/> pings; empty when none came.</summary>
    public async Task<IReadOnlyList<int>> ReplyHopLimits(ITestOutputHelper output, string address, int count = 3)
    {
        var result = await Run(output, "ip", "netns", "exec", Namespace, "ping", "-c", count.ToString(CultureInfo.InvariantCulture), "-i", "0.2", "-W", "2", address);
        return System.Text.RegularExpressions.Regex.Matches(result.Output, @" ttl=(\d+) ")
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
    }

    /// <summary>Connects to tcp-echo (port 7) from inside the namespace and checks that a line comes back unchanged.</summary>
    public async Task<bool> EchoesTcp() => (await EchoTcp("hostile traffic, still here\n"u8.ToArray(), TimeSpan.FromSeconds(5))).Intact;

    /// <summary>How an echo went: whether all came back unchanged, and when the connection was made (null: never) and the
    /// echo ended, from the start.</summary>
    public sealed record Echo(bool Intact, TimeSpan? Connected, TimeSpan Elapsed);

    /// <summary>Connects to tcp-echo (port 7) from inside the namespace and checks that <paramref name="payload"/> comes
    /// back unchanged within <paramref name="timeout"/>.</summary>
    public async Task<Echo> EchoTcp(byte[] payload, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan? connected = null;
        var socket = new NetworkNamespace(Namespace).Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        using (socket)
        {
            try
            {
                using var cancel = new CancellationTokenSource(timeout);
                await socket.ConnectAsync(IPAddress.Parse(EnetIp), 7, cancel.Token);
                connected = clock.Elapsed;
                var sent = payload;
                // Sent while reading: an echo larger than the socket buffers would otherwise stall both ways.
                var sending = socket.SendAsync(sent, SocketFlags.None, cancel.Token).AsTask();
                var received = new byte[sent.Length];
                for (var have = 0; have < sent.Length;)
                {
                    var n = await socket.ReceiveAsync(received.AsMemory(have), SocketFlags.None, cancel.Token);
                    if (n == 0)
                        return new Echo(false, connected, clock.Elapsed);
                    have += n;
                }
                await sending;
                return new Echo(received.AsSpan().SequenceEqual(sent), connected, clock.Elapsed);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                return new Echo(false, connected, clock.Elapsed);
            }
        }
    }

    /// <summary>Frames the namespace's end of the TAP device has sent to enet so far (sysfs tx_packets).</summary>
    public long FramesSentToEnet() => long.Parse(ExternalProcess.Run("ip",
        ["netns", "exec", Namespace, "cat", $"/sys/class/net/{Device}/statistics/tx_packets"], ToolTimeout).Output.Trim(), CultureInfo.InvariantCulture);

    /// <summary>Starts `hping3 -S --flood` at <paramref name="port"/> from <paramref name="source"/> inside the namespace,
    /// capped at <paramref name="limit"/> by timeout(1) in case the test never stops it; the caller kills it.</summary>
    public static Process StartSynFlood(string ns, string source, ushort port, TimeSpan limit)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "netns", "exec", ns, "timeout", ((int)limit.TotalSeconds).ToString(CultureInfo.InvariantCulture),
                     "hping3", "-q", "-S", "-p", port.ToString(CultureInfo.InvariantCulture), "-a", source, "--flood", EnetIp })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs attack.py's <paramref name="attack"/> inside the namespace and returns its "key=value" figures.</summary>
    public async Task<IReadOnlyDictionary<string, double>> Attack(ITestOutputHelper output, string attack, int count)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Hostile", "attack.py");
        var result = await Run(output, "ip", "netns", "exec", Namespace, Python, script, attack, "--dev", Device,
            "--os-mac", OsMac(), "--enet-mac", EnetMac, "--os-ip", OsIp, "--enet-ip", EnetIp, "--subnet", Subnet,
            "--os-ip6", OsIp6, "--enet-ip6", EnetIp6, "--subnet6", Subnet6, "--count", count.ToString(CultureInfo.InvariantCulture));
        AssertAlive(attack);
        Assert.True(result.ExitCode == 0, $"attack.py {attack} exited {result.ExitCode}: {result.Error}\nenet wrote:\n{RecentLog()}");
        return result.Output.Trim().Split(' ').Select(pair => pair.Split('='))
            .ToDictionary(kv => kv[0], kv => double.Parse(kv[1], CultureInfo.InvariantCulture));
    }

    /// <summary>Debian's python3, which has python3-scapy (a python3 earlier on PATH, e.g. pyenv's, may not).</summary>
    public const string Python = "/usr/bin/python3";

    public static bool HasScapy => Directory.Exists("/usr/lib/python3/dist-packages/scapy");

    /// <summary>A tool run in the namespace (or anywhere) off the thread pool, logged to the test's output.</summary>
    public Task<ExternalProcess.Result> Run(ITestOutputHelper output, string program, params string[] arguments) =>
        ExternalProcess.RunLoggedAsync(output, program, arguments, ToolTimeout);

    public bool HasExited => _process.HasExited;

    /// <summary>How the process ended and what it wrote last, for a failure message.</summary>
    /// <summary>Fails the test with the exit code and enet's last lines when the process has ended. (Not an
    /// Assert.False with the message built in: that would wait for the exit code on every passing check.)</summary>
    public void AssertAlive(string attack)
    {
        if (_process.HasExited && _process.WaitForExit(10_000))
            Assert.Fail($"enet died under {attack}: exit code {_process.ExitCode}\n{RecentLog()}");
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        if (line.Contains("address conflict", StringComparison.Ordinal))
            Interlocked.Increment(ref _addressConflictLines);
        lock (_log)
        {
            _log.Enqueue(line);
            if (_log.Count > 200)
                _log.Dequeue();
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
        _process.Dispose();
        _namespace.Dispose();
        File.Delete(_config);
    }
}
