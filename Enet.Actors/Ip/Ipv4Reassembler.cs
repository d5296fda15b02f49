using System.Buffers.Binary;
using Enet.Codecs;

namespace Enet.Actors.Ip;

/// <summary>
/// IPv4 reassembly (RFC 791 3.2, RFC 815) for one IPv4 layer. Not an actor: the layer owns it, passes the
/// time in and runs <see cref="Expire"/> on a timer, so a test drives it with virtual time or none at all.
/// <list type="bullet">
/// <item>Each datagram keeps its fragments' ranges sorted, which is RFC 815's hole list seen from the other
/// side: with no overlaps allowed, the datagram is complete once the bytes held equal its length.</item>
/// <item>Overlap policy, deterministic: an exact duplicate of a fragment held is ignored; any other overlap, or
/// a fragment that contradicts the known end, drops the whole datagram and every later fragment of it until
/// the timeout (RFC 5722 4 for IPv6; RFC 1858 and RFC 3128 show why overlaps are an attack vector).</item>
/// <item>Bounds: a datagram larger than <c>maxDatagramBytes</c> (65535, RFC 791) is dropped; all datagrams
/// together hold at most <c>maxBytes</c>, beyond which the oldest are evicted first (they are the closest
/// to timing out anyway); each one lives <c>timeout</c> at most (RFC 1122 3.3.2).</item>
/// </list>
/// The completed datagram is one buffer, header and payload contiguous, with the first fragment's header
/// (RFC 791: its options are the datagram's) patched to say "not a fragment": the layer then treats it as
/// any unfragmented datagram, with no further copy.
/// </summary>
public sealed class Ipv4Reassembler(TimeSpan timeout, int maxDatagramBytes = ushort.MaxValue, long maxBytes = 4 * 1024 * 1024)
{
    /// <summary>Bytes charged per datagram and per fragment beyond the data, so a flood of tiny fragments is
    /// bounded by <c>maxBytes</c> as well (Linux charges the skb truesize for the same reason).</summary>
    public const int DatagramOverhead = 128;
    public const int FragmentOverhead = 32;

    private const int HeaderRoom = 60;

    private readonly Dictionary<Ipv4ReassemblyKey, Entry> entries = [];
    private readonly LinkedList<Entry> byAge = new();

    /// <summary>Datagrams being reassembled (or dropped and waiting out their timeout).</summary>
    public int Pending => entries.Count;

    public long BytesHeld { get; private set; }

    /// <summary>Datagrams given up: timed out, overlapping, too big, evicted, or a malformed fragment
    /// (RFC 4293 ipSystemStatsReasmFails).</summary>
    public long Fails { get; private set; }

    /// <summary>When the oldest datagram times out; null when none is pending.</summary>
    public DateTimeOffset? NextExpiry => byAge.First?.Value.Expires;

    /// <summary>Adds a fragment (a view that passed the layer's header checks); on
    /// <see cref="Ipv4ReassemblyStatus.Complete"/> <paramref name="datagram"/> holds the whole datagram.</summary>
    public Ipv4ReassemblyStatus Add(Ipv4Packet fragment, DateTimeOffset now, out ReadOnlyMemory<byte> datagram)
    {
        datagram = default;
        var data = fragment.Payload;
        var start = fragment.FragmentByteOffset;
        var end = start + data.Length;
        var last = !fragment.MoreFragments;
        // RFC 791 3.2: every fragment but the last carries a multiple of 8 bytes; an empty one says nothing.
        if (data.IsEmpty || !last && data.Length % 8 != 0)
        {
            Fails++;
            return Ipv4ReassemblyStatus.Malformed;
        }
        var key = new Ipv4ReassemblyKey(fragment.Source, fragment.Destination, fragment.Protocol, fragment.Identification);
        if (!entries.TryGetValue(key, out var entry))
        {
            entry = new Entry(key, now + timeout);
            entry.Node = byAge.AddLast(entry);
            entries[key] = entry;
            Charge(entry, DatagramOverhead);
        }
        if (entry.Dropped)
            return Ipv4ReassemblyStatus.Discarded;
        if (end + (start == 0 ? fragment.HeaderLength : Ipv4Packet.MinHeaderLength) > maxDatagramBytes ||
            entry.HeaderLength > 0 && end + entry.HeaderLength > maxDatagramBytes)
            return Drop(entry, Ipv4ReassemblyStatus.TooBig);
        var at = entry.Find(start);
        if (at < entry.Ranges.Count && entry.Ranges[at] == (start, end))
            return Ipv4ReassemblyStatus.Duplicate;
        if (at < entry.Ranges.Count && entry.Ranges[at].Start < end || at > 0 && entry.Ranges[at - 1].End > start ||
            entry.Total >= 0 && (end > entry.Total || last && end != entry.Total) ||
            last && entry.Ranges.Count > 0 && entry.Ranges[^1].End > end)
            return Drop(entry, Ipv4ReassemblyStatus.Overlap);
        // The buffer grows to the known length, or by doubling while the end is unknown, so an in-order
        // datagram is copied into place a few times at most.
        var capacity = entry.Buffer.Length - HeaderRoom;
        var target = entry.Total >= 0 ? entry.Total
            : last ? end
            : Math.Max(end, Math.Min(Math.Max(capacity * 2, 2048), maxDatagramBytes - Ipv4Packet.MinHeaderLength));
        var growth = end > capacity ? target - capacity : 0;
        var extra = growth + FragmentOverhead;
        if (!MakeRoom(extra, entry))
            return Drop(entry, Ipv4ReassemblyStatus.NoRoom);
        if (growth > 0)
        {
            var grown = new byte[HeaderRoom + target];
            entry.Buffer.CopyTo(grown, 0);
            entry.Buffer = grown;
        }
        Charge(entry, extra);
        data.CopyTo(entry.Buffer.AsSpan(HeaderRoom + start));
        entry.Ranges.Insert(at, (start, end));
        entry.Received += data.Length;
        if (last)
            entry.Total = end;
        if (start == 0)
        {
            entry.HeaderLength = fragment.HeaderLength;
            fragment.Header.CopyTo(entry.Buffer.AsSpan(HeaderRoom - entry.HeaderLength));
        }
        if (entry.Total < 0 || entry.Received != entry.Total || entry.HeaderLength == 0)
            return Ipv4ReassemblyStatus.Incomplete;
        datagram = Complete(entry);
        return Ipv4ReassemblyStatus.Complete;
    }

    /// <summary>Drops every datagram whose time is up; for each that had its first fragment, adds to
    /// <paramref name="timedOutFirstFragments"/> that fragment's header and first 8 data bytes, the quote an
    /// ICMP time exceeded (code 1) carries (RFC 792, RFC 1122 3.3.2). Returns how many datagrams timed out.</summary>
    public int Expire(DateTimeOffset now, List<byte[]>? timedOutFirstFragments = null)
    {
        var expired = 0;
        while (byAge.First is { } oldest && oldest.Value.Expires <= now)
        {
            var entry = oldest.Value;
            if (!entry.Dropped)
            {
                expired++;
                Fails++;
                if (entry.HeaderLength > 0 && timedOutFirstFragments is not null)
                {
                    var quoted = Math.Min(8, entry.Ranges[0].End);
                    timedOutFirstFragments.Add(entry.Buffer.AsSpan(HeaderRoom - entry.HeaderLength, entry.HeaderLength + quoted).ToArray());
                }
            }
            Remove(entry);
        }
        return expired;
    }

    private ReadOnlyMemory<byte> Complete(Entry entry)
    {
        Remove(entry);
        var headerAt = HeaderRoom - entry.HeaderLength;
        var header = entry.Buffer.AsSpan(headerAt, entry.HeaderLength);
        // The first fragment's header, now describing the whole datagram: RFC 791 3.2's reassembly leaves
        // MF clear and the offset zero; DF and the reserved bit are kept as sent.
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)(entry.HeaderLength + entry.Total));
        header[6] &= 0xC0;
        header[7] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], InternetChecksum.Compute(header));
        return entry.Buffer.AsMemory(headerAt, entry.HeaderLength + entry.Total);
    }

    private Ipv4ReassemblyStatus Drop(Entry entry, Ipv4ReassemblyStatus why)
    {
        Fails++;
        // The entry stays, empty, until its timeout so the datagram's later fragments are dropped too.
        entry.Dropped = true;
        entry.Ranges.Clear();
        entry.Buffer = Entry.NoBuffer;
        BytesHeld -= entry.Charged - DatagramOverhead;
        entry.Charged = DatagramOverhead;
        return why;
    }

    /// <summary>Evicts the oldest other datagrams until <paramref name="bytes"/> more fit; false when even
    /// evicting all of them would not do.</summary>
    private bool MakeRoom(int bytes, Entry keep)
    {
        if (keep.Charged + bytes > maxBytes)
            return false;
        var candidate = byAge.First;
        while (BytesHeld + bytes > maxBytes && candidate is not null)
        {
            var next = candidate.Next;
            if (candidate.Value != keep)
            {
                if (!candidate.Value.Dropped)
                    Fails++;
                Remove(candidate.Value);
            }
            candidate = next;
        }
        return BytesHeld + bytes <= maxBytes;
    }

    private void Charge(Entry entry, int bytes)
    {
        entry.Charged += bytes;
        BytesHeld += bytes;
    }

    private void Remove(Entry entry)
    {
        entries.Remove(entry.Key);
        byAge.Remove(entry.Node!);
        BytesHeld -= entry.Charged;
    }

    private sealed class Entry(Ipv4ReassemblyKey key, DateTimeOffset expires)
    {
        public static readonly byte[] NoBuffer = new byte[HeaderRoom];

        public Ipv4ReassemblyKey Key { get; } = key;

        public DateTimeOffset Expires { get; } = expires;

        public LinkedListNode<Entry>? Node { get; set; }

        /// <summary><see cref="HeaderRoom"/> bytes for the first fragment's header, then the payload.</summary>
        public byte[] Buffer { get; set; } = NoBuffer;

        /// <summary>The fragments held, as [Start, End) byte ranges of the payload, sorted and disjoint.</summary>
        public List<(int Start, int End)> Ranges { get; } = [];

        public int Received { get; set; }

        /// <summary>The payload length, known once the last fragment (MF clear) arrived; -1 before.</summary>
        public int Total { get; set; } = -1;

        /// <summary>The first fragment's header length; 0 until it arrived.</summary>
        public int HeaderLength { get; set; }

        public long Charged { get; set; }

        public bool Dropped { get; set; }

        /// <summary>Where a fragment starting at <paramref name="start"/> goes in <see cref="Ranges"/>: the first range
        /// starting at or after it.</summary>
        public int Find(int start)
        {
            int low = 0, high = Ranges.Count;
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (Ranges[middle].Start < start)
                    low = middle + 1;
                else
                    high = middle;
            }
            return low;
        }
    }
}
