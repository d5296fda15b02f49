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
/// Two <see cref="TcpCore"/>s, a client that connects and sends and a server that accepts and reads, joined by two
/// <see cref="SimulatedLink"/>s on virtual time: each step jumps to the next arrival or timer. No actors and no clock,
/// so a transfer over a lossy path is measured exactly and the same every run.
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

    /// <summary>Connects and sends <paramref name="bytes"/> from client to server; stops at <paramref name="limit"/>
    /// virtual time, or when nothing more can happen.</summary>
    public static TransferResult Transfer(TcpSettings clientSettings, TcpSettings serverSettings, LinkProfile profile, long bytes,
        TimeSpan limit) => new CorePair(clientSettings, serverSettings, profile).Run(bytes, limit);

    private TransferResult Run(long total, TimeSpan limit)
    {
        var chunk = new byte[64 * 1024];
        long written = 0;
        client.Core!.Connect(now);
        var end = Start + limit;
        while (server.Checked < total && now <= end)
        {
            // The client writes as its send buffer has room.
            while (written < total && client.Core.State is TcpState.Established)
            {
                var length = (int)Math.Min(Math.Min(chunk.Length, total - written), client.Core.SendCapacity - client.Core.SendQueued);
                if (length <= 0)
                    break;
                for (var i = 0; i < length; i++)
                    chunk[i] = Pattern(written + i);
                if (client.Core.Send(chunk.AsSpan(0, length), now) is not null)
                    break;
                written += length;
            }
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
        return new TransferResult(server.LastArrival - Start, server.Checked, server.Checked == total && server.Intact,
            client.Core.TcpInfo(), client.Link.Lost + server.Link.Lost + client.Link.QueueDrops + server.Link.QueueDrops);
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
            if (link.Carry(bytes.Length + 20, pair.now) is { } at)
                pair.inFlight.Enqueue((this == pair.client ? pair.server : pair.client, bytes), (at, pair.order++));
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
