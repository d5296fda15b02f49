using System.Collections.Immutable;
using Enet.Actors.Tcp;
using Enet.Codecs;

namespace Enet.TestKit.TcpScripts;

/// <summary>How a <see cref="CorePair"/> transfer went: when the last byte arrived (virtual time since the connect),
/// whether every byte arrived in order and intact, and the sender's figures at the end.</summary>
public sealed record TransferResult(TimeSpan Elapsed, long Bytes, bool Intact, TcpInfo Sender, long SegmentsLost)
{
    /// <summary>Bytes per virtual second.</summary>
    public double Throughput => Bytes / Elapsed.TotalSeconds;
}

/// <summary>
/// Two <see cref="TcpCore"/>s, a client that connects and sends and a server that accepts and reads (and sends back,
/// for a transfer both ways), joined by two <see cref="SimulatedLink"/>s on virtual time: each step jumps to the next
/// arrival or timer. No actors and no clock, so a transfer over a lossy path is measured exactly and the same every run.
/// </summary>
public sealed class CorePair
{
    private const ushort ClientPort = 40000, ServerPort = 7000;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly PriorityQueue<(Endpoint To, byte[] Segment), (DateTimeOffset At, long Order)> inFlight = new();
    private readonly TcpSettings serverSettings;
    private readonly Endpoint client, server;
    private long order;
    private DateTimeOffset now = Start;

    private CorePair(TcpSettings clientSettings, TcpSettings serverSettings, LinkProfile profile)
    {
        this.serverSettings = serverSettings;
        client = new Endpoint(this, new SimulatedLink(profile, profile.Seed), ClientPort, ServerPort);
        server = new Endpoint(this, new SimulatedLink(profile, profile.Seed + 1), ServerPort, ClientPort);
        client.Core = new TcpCore(client, clientSettings, new TcpCounters(), 1460, new SequenceNumber(1_000_000), TcpOptions.Default,
            passive: false);
    }

    /// <summary>Connects and sends <paramref name="bytes"/> from client to server (and as many back when
    /// <paramref name="bothWays"/>); stops at <paramref name="limit"/> virtual time, or when nothing more can happen.
    /// The result is the client's sending.</summary>
    public static TransferResult Transfer(TcpSettings clientSettings, TcpSettings serverSettings, LinkProfile profile, long bytes,
        TimeSpan limit, bool bothWays = false) => new CorePair(clientSettings, serverSettings, profile).Run(bytes, limit, bothWays);

    private TransferResult Run(long total, TimeSpan limit, bool bothWays)
    {
        client.Core!.Connect(now);
        var end = Start + limit;
        var back = bothWays ? total : 0;
        while ((server.Checked < total || client.Checked < back) && now <= end)
        {
            client.Write(total);
            server.Write(back);
            if (Next() is not { } next || next > end)
                break;
            now = next;
            while (inFlight.TryPeek(out var arrival, out var key) && key.At <= now)
            {
                inFlight.Dequeue();
                arrival.To.Arrive(arrival.Segment);
            }
            foreach (var endpoint in (ReadOnlySpan<Endpoint>)[client, server])
                if (endpoint.Core?.PollAt() is { } due && due <= now)
                    endpoint.Core.Dispatch(now);
        }
        var last = bothWays && client.LastArrival > server.LastArrival ? client.LastArrival : server.LastArrival;
        return new TransferResult(last - Start, server.Checked, server.Checked == total && server.Intact &&
            client.Checked == back && client.Intact, client.Core.TcpInfo(),
            client.Link.Lost + server.Link.Lost + client.Link.QueueDrops + server.Link.QueueDrops);
    }

    private DateTimeOffset? Next()
    {
        DateTimeOffset? next = inFlight.TryPeek(out _, out var key) ? key.At : null;
        foreach (var endpoint in (ReadOnlySpan<Endpoint>)[client, server])
            if (endpoint.Core?.PollAt() is { } due && (next is null || due < next))
                next = due;
        return next;
    }

    /// <summary>Byte i of the transfer: a period of 251, prime, so a segment misplaced by any whole number of segments
    /// shows.</summary>
    private static byte Pattern(long i) => (byte)(i % 251);

    private sealed class Endpoint(CorePair pair, SimulatedLink link, ushort localPort, ushort remotePort) : ITcpCoreHost
    {
        public TcpCore? Core { get; set; }

        public SimulatedLink Link => link;

        public long Checked { get; private set; }

        public bool Intact { get; private set; } = true;

        public DateTimeOffset LastArrival { get; private set; } = Start;

        private readonly byte[] chunk = new byte[64 * 1024];
        private long written;

        /// <summary>Writes the pattern up to <paramref name="total"/> bytes as the send buffer has room.</summary>
        public void Write(long total)
        {
            while (written < total && Core is { State: TcpState.Established or TcpState.CloseWait } core)
            {
                var length = (int)Math.Min(Math.Min(chunk.Length, total - written), core.SendCapacity - core.SendQueued);
                if (length <= 0)
                    return;
                for (var i = 0; i < length; i++)
                    chunk[i] = Pattern(written + i);
                if (core.Send(chunk.AsSpan(0, length), pair.now) is not null)
                    return;
                written += length;
            }
        }

        /// <summary>A segment off the link: the first SYN makes the server's connection, as a listener would.</summary>
        public void Arrive(byte[] segment)
        {
            if (Core is null)
            {
                Core = new TcpCore(this, pair.serverSettings, new TcpCounters(), 1460, new SequenceNumber(3_000_000_000),
                    TcpOptions.Default, passive: true);
                Core.Accept(segment, pair.now);
                return;
            }
            Core.Process(segment, pair.now);
        }

        void ITcpCoreHost.Transmit(in TcpSegmentOut s)
        {
            var options = ImmutableArray.CreateBuilder<TcpOption>();
            if (s.Mss is { } mss)
                options.Add(new TcpOption.MaxSegmentSize(mss));
            if (s.WindowScale is { } shift)
                options.Add(new TcpOption.WindowScale((byte)shift));
            if (s.SackPermitted)
                options.Add(new TcpOption.SackPermitted());
            if (s.Timestamps is { } ts)
                options.Add(new TcpOption.Timestamps(ts.Value, ts.EchoReply));
            if (s.Sack is { } blocks)
                options.Add(new TcpOption.Sack([.. blocks]));
            var payload = new byte[s.Length];
            s.Data?.CopyTo(s.Offset, payload);
            var segment = new TcpSegment(localPort, remotePort, s.Seq.Value, s.Has(TcpFlags.Ack) ? s.Ack.Value : 0, s.Flags, s.Window,
                null, 0, options.ToImmutable(), payload);
            var bytes = new byte[segment.Length];
            segment.Emit(bytes, 0);
            // The link carries the IPv4 header too.
            var to = this == pair.client ? pair.server : pair.client;
            var (at, again) = link.Carry(bytes.Length + 20, pair.now);
            if (at is { } first)
                pair.inFlight.Enqueue((to, bytes), (first, pair.order++));
            if (again is { } second)
                pair.inFlight.Enqueue((to, bytes), (second, pair.order++));
        }

        bool ITcpCoreHost.Deliver(ReadOnlyMemory<byte> data)
        {
            foreach (var b in data.Span)
                Intact &= b == Pattern(Checked++);
            LastArrival = pair.now;
            return true;
        }

        void ITcpCoreHost.Event(TcpCoreEvent e, TcpError error)
        {
        }
    }
}
