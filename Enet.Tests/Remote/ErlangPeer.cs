using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Enet.Tests.Remote;

/// <summary>
/// A child process for interop tests: a real <c>erl</c> node (or an <c>epmd</c>) bound to a test-unique
/// EPMD port through ERL_EPMD_PORT, with its stdout collected line by line; killed on Dispose.
/// </summary>
public sealed class ErlangPeer : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly List<string> _seen = [];

    private ErlangPeer(Process process, string alive, int port)
    {
        _process = process;
        Alive = alive;
        Port = port;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Add(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _lines.Add("stderr: " + e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The node's alive part (before '@'); its full name is <c>Alive@localhost</c>.</summary>
    public string Alive { get; }

    public string NodeName => Alive + "@localhost";

    /// <summary>The EPMD port (for an erl peer) or the port the EPMD listens on.</summary>
    public int Port { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public IReadOnlyList<string> Seen => _seen;

    public static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>EPMD in the foreground (so it can be killed by its pid) on a free port.</summary>
    public static ErlangPeer StartEpmd()
    {
        var port = FreePort();
        var peer = new ErlangPeer(Launch("epmd", ["-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], port), "epmd", port);
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(5))
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                return peer;
            }
            catch (SocketException)
            {
                Thread.Sleep(20);
            }
        }
        peer.Dispose();
        throw new TimeoutException("epmd did not start listening");
    }

    /// <summary>
    /// <c>erl -noshell -sname Alive@localhost -setcookie Cookie -kernel net_ticktime T -eval Eval</c>; the node
    /// halts after <paramref name="eval"/> returns and is killed after <paramref name="lifetime"/> at the latest.
    /// </summary>
    public static ErlangPeer Start(int epmdPort, string eval, string? cookie = null, int netTicktime = 4, string? alive = null, bool hidden = false, TimeSpan? lifetime = null)
    {
        alive ??= "test_" + Guid.NewGuid().ToString("N")[..8];
        List<string> args =
        [
            "-noshell", "-start_epmd", "false", "-sname", alive + "@localhost", "-setcookie", cookie ?? "enet_test_cookie",
            "-kernel", "net_ticktime", netTicktime.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-eval", eval + ", halt().",
        ];
        if (hidden)
            args.Add("-hidden");
        var peer = new ErlangPeer(Launch("erl", args, epmdPort), alive, epmdPort);
        var limit = lifetime ?? TimeSpan.FromSeconds(60);
        _ = Task.Delay(limit).ContinueWith(_ => peer.Kill(), TaskScheduler.Default);
        return peer;
    }

    /// <summary>
    /// Any program as a peer (e.g. the <c>enet node</c> command), with ERL_EPMD_PORT set like an erl peer's;
    /// <paramref name="alive"/> is the node name it registers.
    /// </summary>
    public static ErlangPeer StartProgram(string fileName, IEnumerable<string> arguments, int epmdPort, string alive) =>
        new(Launch(fileName, arguments, epmdPort), alive, epmdPort);

    /// <summary>The exit code once the process ended within <paramref name="timeout"/>, else null.</summary>
    public int? WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout) ? _process.ExitCode : null;

    /// <summary>Waits for a stdout line containing <paramref name="text"/>, keeping every line seen.</summary>
    public string WaitForLine(string text, TimeSpan? timeout = null)
    {
        foreach (var line in _seen)
            if (line.Contains(text, StringComparison.Ordinal))
                return line;
        var sw = Stopwatch.StartNew();
        // erl takes seconds to start on a loaded 2-core machine.
        var limit = timeout ?? TimeSpan.FromSeconds(40);
        while (sw.Elapsed < limit)
        {
            if (_lines.TryTake(out var line, limit - sw.Elapsed))
            {
                _seen.Add(line);
                if (line.Contains(text, StringComparison.Ordinal))
                    return line;
            }
        }
        throw new TimeoutException($"no line containing '{text}' from {Alive}; saw:\n{string.Join("\n", _seen)}");
    }

    public void Signal(string signal) =>
        Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public void Dispose()
    {
        Kill();
        _process.WaitForExit(5000);
        _process.Dispose();
    }

    private static Process Launch(string fileName, IEnumerable<string> arguments, int epmdPort)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["ERL_EPMD_PORT"] = epmdPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Process.Start(start)!;
    }
}
