using System.Collections.Immutable;
using Enet.Actors.Tcp;
using Enet.Codecs;

namespace Enet.TestKit.TcpScripts;

/// <summary>
/// Runs <see cref="TcpScriptLine"/> scripts against one <see cref="TcpCore"/>, packetdrill-style but with no wire and
/// no clock: time moves only as the script says, timers due on the way run at their exact deadlines, and every segment
/// the core sends must be matched by a <c>&gt;</c> line at the time it was sent; one that is not fails the script at
/// the next line that is not an expected segment, so "nothing was sent" is checked exactly.
/// Our initial sequence number is <see cref="LocalIss"/>, the peer's <see cref="PeerIsn"/>; scripts give both relative.
/// Data the peer sends has byte <c>i</c> of its sequence space equal to <c>(byte)i</c>. Our timestamps (TSval sent,
/// TSecr received) are given as milliseconds since the open: the core's clock is offset by <see cref="LocalIss"/>.
/// </summary>
public sealed class TcpCoreScript : ITcpCoreHost
{
    /// <summary>Our initial sequence number unless the script gives another.</summary>
    public static readonly SequenceNumber Iss = new(1_000_000);

    /// <summary>Our initial sequence number in this script: <see cref="Iss"/>, or another given (one past 2^31 shows
    /// sequence comparisons that forget the wrap, RFC 9293 3.4).</summary>
    public SequenceNumber LocalIss { get; }

    public static readonly SequenceNumber PeerIsn = new(3_000_000_000);
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public const ushort LocalPort = 7000, PeerPort = 40000;

    private readonly Queue<(TimeSpan At, TcpSegmentOut Segment, byte[] Payload)> sent = new();
    private readonly List<byte> received = [];
    private TimeSpan clock;

    /// <param name="passive">A connection a listener made: the script's first segment in is the SYN it accepts.</param>
    /// <param name="cookie">With <paramref name="passive"/>: the first segment in is instead the ACK that brought back
    /// this SYN cookie (RFC 4987 3.6), whose ISS must be <see cref="LocalIss"/>.</param>
    /// <param name="iss">Our ISS when not <see cref="Iss"/>.</param>
    public TcpCoreScript(bool passive, TcpSettings? settings = null, TcpOptions? options = null, int mss = 1460, SynCookie? cookie = null,
        uint? iss = null)
    {
        LocalIss = iss is { } given ? new SequenceNumber(given) : Iss;
        if (cookie is { } c && (!passive || c.Iss != LocalIss))
            throw new ArgumentException("a cookie connection is passive, with the script's ISS", nameof(cookie));
        Passive = passive;
        this.cookie = cookie;
        Counters = new TcpCounters();
        Core = new TcpCore(this, settings ?? TcpSettings.Default, Counters, mss, LocalIss, options ?? TcpOptions.Default, passive);
    }

    public TcpCore Core { get; }

    public TcpCounters Counters { get; }

    public bool Passive { get; }

    /// <summary>What <see cref="ITcpCoreHost.Deliver"/> answers: false holds data in the core (a suspended reader).</summary>
    public bool Reading { get; set; } = true;

    /// <summary>Events in the order the core raised them.</summary>
    public List<(TcpCoreEvent Event, TcpError Error)> Events { get; } = [];

    /// <summary>All the data delivered so far.</summary>
    public IReadOnlyList<byte> Received => received;

    /// <summary>The script's time since <see cref="Start"/>.</summary>
    public TimeSpan Clock => clock;

    private DateTimeOffset Now => Start + clock;

    private bool accepted;
    private readonly SynCookie? cookie;

    public TcpCoreScript Run(string script)
    {
        foreach (var line in TcpScriptLine.Parse(script))
            Step(line);
        ExpectNothingSent(null);
        return this;
    }

    private void Step(TcpScriptLine line)
    {
        var at = line.At ?? clock + line.After;
        if (at < clock)
            throw new TcpScriptException(line.Number, line.Text, $"goes back in time (now {clock.TotalSeconds}s)");
        AdvanceTo(at);
        if (line.Direction == '>')
        {
            Expect(line);
            return;
        }
        ExpectNothingSent(line);
        if (line.Direction == '<')
            Inject(line);
        else
            Call(line);
    }

    /// <summary>Runs every timer due up to <paramref name="at"/> at its own deadline, then sets the clock there.</summary>
    private void AdvanceTo(TimeSpan at)
    {
        for (var i = 0; i < 100_000 && Core.State != TcpState.Closed && Core.PollAt() is { } due && due - Start <= at; i++)
        {
            clock = due - Start;
            Core.Dispatch(due);
        }
        clock = at;
    }

    private void Expect(TcpScriptLine line)
    {
        if (!sent.TryDequeue(out var out_))
            throw new TcpScriptException(line.Number, line.Text,
                $"nothing was sent by {clock.TotalSeconds}s (next timer {(Core.PollAt() - Start)?.TotalSeconds}s)");
        var (at, s, payload) = out_;
        var actual = Describe(at, s);
        void Check(bool ok, string what)
        {
            if (!ok)
                throw new TcpScriptException(line.Number, line.Text, $"{what}; sent {actual}");
        }
        Check(at == clock, $"expected at {clock.TotalSeconds}s");
        Check(s.Flags == line.Flags, "flags differ");
        Check(s.Seq - LocalIss == (int)line.Start, "sequence number differs");
        Check(s.Length == line.Length, "length differs");
        if (line.Ack is { } ack)
            Check((s.Flags & TcpFlags.Ack) != 0 && s.Ack - PeerIsn == (int)ack, "acknowledgment differs");
        if (line.Window is { } window)
            Check(s.Window == window, "window differs");
        if (line.Options is { } options)
            Check(SameOptions(s, options), "options differ");
    }

    private void ExpectNothingSent(TcpScriptLine? line)
    {
        if (sent.TryPeek(out var next))
            throw new TcpScriptException(line?.Number ?? 0, line?.Text ?? "(end of script)",
                $"the core sent a segment the script does not expect: {Describe(next.At, next.Segment)}");
    }

    private bool SameOptions(TcpSegmentOut s, IReadOnlyList<(string Name, long Value)> options)
    {
        long? Find(string name) => options.Where(o => o.Name == name).Select(o => (long?)o.Value).SingleOrDefault();
        TcpTimestamps? ts = Find("TSval") is { } val ? new((uint)(val + LocalIss.Value), (uint)Find("TSecr")!.Value) : null;
        var sack = options.Where(o => o.Name == "sack").Select(o => Block(o.Value, PeerIsn));
        return s.Mss == Find("mss") && s.WindowScale == Find("wscale") && s.Timestamps == ts &&
            s.SackPermitted == options.Any(o => o.Name == "sackOK") && (s.Sack ?? []).SequenceEqual(sack);
    }

    /// <summary>A SACK block written <c>left:right</c> relative to <paramref name="isn"/>, packed by the parser.</summary>
    private static SackBlock Block(long packed, SequenceNumber isn) =>
        new((isn + (int)(packed >> 32)).Value, (isn + (int)(uint)packed).Value);

    private string Describe(TimeSpan at, TcpSegmentOut s) =>
        $"{at.TotalSeconds}s > {Flags(s.Flags)} {s.Seq - LocalIss}:{s.Seq - LocalIss + s.Length}({s.Length})" +
        ((s.Flags & TcpFlags.Ack) != 0 ? $" ack {s.Ack - PeerIsn}" : "") + $" win {s.Window}" +
        (s.Mss is { } mss ? $" <mss {mss}" + (s.WindowScale is { } ws ? $",nop,wscale {ws}>" : ">") : "") +
        (s.SackPermitted ? " <sackOK>" : "") + (s.Timestamps is { } ts ? $" <TS val {ts.Value - LocalIss.Value} ecr {ts.EchoReply}>" : "") +
        (s.Sack is { } sack ? " <sack " + string.Join(' ', sack.Select(b => $"{b.Left - PeerIsn.Value}:{b.Right - PeerIsn.Value}")) + ">" : "");

    private static string Flags(TcpFlags flags) =>
        ((flags & TcpFlags.Syn) != 0 ? "S" : "") + ((flags & TcpFlags.Fin) != 0 ? "F" : "") + ((flags & TcpFlags.Rst) != 0 ? "R" : "") +
        ((flags & TcpFlags.Psh) != 0 ? "P" : "") + ((flags & TcpFlags.Ack) != 0 ? "." : "");

    private void Inject(TcpScriptLine line)
    {
        var options = ImmutableArray.CreateBuilder<TcpOption>();
        var synOnly = (line.Flags & (TcpFlags.Syn | TcpFlags.Ack)) == TcpFlags.Syn;
        var given = line.Options ?? [];
        if (given.Any(o => o.Name == "sack"))
            options.Add(new TcpOption.Sack([.. given.Where(o => o.Name == "sack").Select(o => Block(o.Value, LocalIss))]));
        foreach (var (name, value) in given.Where(o => o.Name is not ("TSecr" or "sack")))
            options.Add(name switch
            {
                "mss" => new TcpOption.MaxSegmentSize((ushort)value),
                "wscale" => new TcpOption.WindowScale((byte)value),
                "nop" => new TcpOption.NoOperation(),
                "sackOK" => new TcpOption.SackPermitted(),
                // A SYN echoes nothing; any other TSecr echoes our clock (RFC 7323 3.2).
                "TSval" => new TcpOption.Timestamps((uint)value,
                    synOnly ? 0 : (uint)(line.Options!.Single(o => o.Name == "TSecr").Value + LocalIss.Value)),
                _ => throw new TcpScriptException(line.Number, line.Text, $"option '{name}'"),
            });
        var payload = new byte[line.Length];
        var dataStart = line.Start + ((line.Flags & TcpFlags.Syn) != 0 ? 1u : 0u);
        for (var i = 0; i < payload.Length; i++)
            payload[i] = (byte)(dataStart + i);
        var ack = (line.Flags & TcpFlags.Ack) != 0 && line.Ack is { } a ? (LocalIss + (int)a).Value : 0;
        var segment = new TcpSegment(PeerPort, LocalPort, (PeerIsn + (int)line.Start).Value, ack, line.Flags, line.Window ?? 65535,
            null, 0, options.ToImmutable(), payload);
        var bytes = new byte[segment.Length];
        segment.Emit(bytes, 0);
        if (Passive && !accepted)
        {
            accepted = true;
            if (!(cookie is { } c ? Core.AcceptCookie(bytes, c, Now) : Core.Accept(bytes, Now)))
                throw new TcpScriptException(line.Number, line.Text, $"the core refused the {(cookie is null ? "SYN" : "cookie's ACK")}");
            return;
        }
        Core.Process(bytes, Now);
    }

    private void Call(TcpScriptLine line)
    {
        switch (line.Call)
        {
            case "connect":
                Core.Connect(Now, line.Argument > 0 ? TimeSpan.FromSeconds(line.Argument) : null);
                break;
            case "write":
                var data = new byte[line.Argument];
                for (var i = 0; i < data.Length; i++)
                    data[i] = (byte)i;
                if (Core.Send(data, Now) is { } error)
                    throw new TcpScriptException(line.Number, line.Text, $"the write failed: {error}");
                break;
            case "close":
                Close(line, TcpCloseKind.Close);
                break;
            case "confirmed-close":
                Close(line, TcpCloseKind.Confirmed);
                break;
            case "abort":
                Core.Abort(Now);
                break;
            case "suspend":
                Reading = false;
                break;
            case "resume":
                Reading = true;
                Core.DeliverHeld(Now);
                break;
            case "pmtu":
                // A Packet Too Big quoting the first unacknowledged segment: the path carries Argument bytes of data.
                Core.PathMtuReduced(line.Argument, new SequenceNumber(Core.Info().SndUna), Now);
                break;
            case "quiet":
                break;
            default:
                throw new TcpScriptException(line.Number, line.Text, $"unknown call '{line.Call}'");
        }
    }

    private void Close(TcpScriptLine line, TcpCloseKind kind)
    {
        if (Core.Close(kind, Now) is { } error)
            throw new TcpScriptException(line.Number, line.Text, $"the close failed: {error}");
    }

    void ITcpCoreHost.Transmit(in TcpSegmentOut segment)
    {
        var payload = new byte[segment.Length];
        segment.Data?.CopyTo(segment.Offset, payload);
        sent.Enqueue((clock, segment, payload));
    }

    bool ITcpCoreHost.Deliver(ReadOnlyMemory<byte> data)
    {
        if (!Reading)
            return false;
        received.AddRange(data.ToArray());
        return true;
    }

    void ITcpCoreHost.Event(TcpCoreEvent e, TcpError error) => Events.Add((e, error));
}
