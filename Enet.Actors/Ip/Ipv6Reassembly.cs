using Enet.Codecs;

namespace Enet.Actors.Ip;

/// <summary>
/// Reassembly of IPv6 fragments (RFC 8200 4.5) for one IPv6 layer, which owns it and fires its timeouts.
/// Overlapping fragments drop the whole datagram and every later fragment of it until its timeout (RFC 5722 4);
/// exact duplicates are dropped alone. Bounded per datagram (<see cref="Ipv6Settings.MaxReassemblyDatagramBytes"/>),
/// in total (<see cref="Ipv6Settings.MaxReassemblyBytes"/>: the oldest datagram goes first) and in count.
/// </summary>
public sealed class Ipv6Reassembly
{
    /// <summary>RFC 4443 2.4(c): an ICMPv6 error carries as much of the invoking packet as fits in the minimum
    /// MTU (1280) after its own 40 + 8 header bytes.</summary>
    public const int MaxInvokingPacket = 1280 - Ipv6Packet.HeaderLength - Icmpv6Packet.HeaderLength;

    private readonly Ipv6Settings settings;
    private readonly Dictionary<Ipv6FragmentKey, Datagram> datagrams = [];
    private long sequence;

    public Ipv6Reassembly(Ipv6Settings settings) => this.settings = settings;

    /// <summary>Datagrams being reassembled, and the discarded ones whose later fragments are still dropped.</summary>
    public int Count => datagrams.Count;

    /// <summary>Fragment bytes held by every incomplete datagram.</summary>
    public long BytesHeld { get; private set; }

    /// <summary>Datagrams given up: overlap, bounds, inconsistent lengths, eviction, timeout (RFC 4293 ipSystemStatsReasmFails).</summary>
    public long Failures { get; private set; }

    /// <summary>Adds the fragment <paramref name="packet"/> (its bytes <paramref name="bytes"/>, trimmed to the
    /// payload length). <paramref name="datagram"/> is the reassembled packet when <see cref="Ipv6ReassemblyOutcome.Complete"/>;
    /// <paramref name="pointer"/> is the offending field's offset when <see cref="Ipv6ReassemblyOutcome.ParameterProblem"/>.</summary>
    public Ipv6ReassemblyOutcome Add(ReadOnlySpan<byte> bytes, Ipv6Packet packet, out Ipv6FragmentKey key, out byte[]? datagram, out int pointer)
    {
        datagram = null;
        pointer = 0;
        var (fragmentOffset, previousNextHeader) = LocateFragmentHeader(packet);
        var fragment = Ipv6FragmentHeader.Read(bytes[fragmentOffset..]);
        key = new Ipv6FragmentKey(packet.Source, packet.Destination, fragment.Identification);
        var data = bytes[(fragmentOffset + Ipv6FragmentHeader.Length)..];
        var start = fragment.FragmentByteOffset;
        // RFC 8200 4.5: a fragment other than the last must be a multiple of 8 bytes long ...
        if (fragment.MoreFragments && data.Length % 8 != 0)
        {
            pointer = 4;
            return Ipv6ReassemblyOutcome.ParameterProblem;
        }
        // ... and no fragment may reach past the largest payload (65535 bytes after the fragment header).
        if (start + data.Length > ushort.MaxValue)
        {
            pointer = fragmentOffset + 2;
            return Ipv6ReassemblyOutcome.ParameterProblem;
        }
        var isNew = false;
        if (!datagrams.TryGetValue(key, out var current))
        {
            if (datagrams.Count >= settings.MaxReassemblies && !EvictOldest())
                return Ipv6ReassemblyOutcome.Dropped;
            current = new Datagram(++sequence);
            datagrams[key] = current;
            isNew = true;
        }
        if (current.Discarded)
            return Ipv6ReassemblyOutcome.Dropped;
        var end = start + data.Length;
        foreach (var (otherStart, other) in current.Fragments)
        {
            if (otherStart == start && other.Length == data.Length)
                return Ipv6ReassemblyOutcome.Duplicate;
            if (start < otherStart + other.Length && otherStart < end)
                return Discard(current);
        }
        // The last fragment fixes the length; a fragment past it, or a second, different last one, is inconsistent.
        if (!fragment.MoreFragments)
        {
            if (current.TotalLength is { } total && total != end || current.Fragments.Count > 0 && current.Fragments.Keys[^1] + current.Fragments.Values[^1].Length > end)
                return Discard(current);
            current.TotalLength = end;
        }
        else if (current.TotalLength is { } total && end > total)
            return Discard(current);
        var added = data.Length + (start == 0 ? fragmentOffset + Math.Min(bytes.Length, MaxInvokingPacket) : 0);
        if (current.Bytes + added > settings.MaxReassemblyDatagramBytes)
            return Discard(current);
        while (BytesHeld + added > settings.MaxReassemblyBytes)
            if (!EvictOldest(except: current))
                return Discard(current);
        current.Fragments.Add(start, data.ToArray());
        if (start == 0)
        {
            // The unfragmentable part comes from the first fragment (RFC 8200 4.5), with the fragment header's
            // next header put back in the header before it.
            current.Unfragmentable = bytes[..fragmentOffset].ToArray();
            current.Unfragmentable[previousNextHeader] = bytes[fragmentOffset];
            current.FirstFragment = bytes[..Math.Min(bytes.Length, MaxInvokingPacket)].ToArray();
        }
        current.Bytes += added;
        BytesHeld += added;
        if (current.Complete() is not { } whole)
            return isNew ? Ipv6ReassemblyOutcome.Started : Ipv6ReassemblyOutcome.Pending;
        Remove(key, current);
        datagram = whole;
        return Ipv6ReassemblyOutcome.Complete;
    }

    /// <summary>The reassembly timeout of <paramref name="key"/> passed (RFC 8200 4.5): the datagram goes. Returns
    /// true when there was one; <paramref name="firstFragment"/> is its first fragment (as much as an ICMPv6 error
    /// holds) when that had arrived, for the time exceeded message RFC 8200 asks for.</summary>
    public bool Expire(Ipv6FragmentKey key, out byte[]? firstFragment)
    {
        firstFragment = null;
        if (!datagrams.TryGetValue(key, out var current))
            return false;
        var discarded = current.Discarded;
        firstFragment = current.FirstFragment;
        Remove(key, current);
        if (discarded)
            return false;
        Failures++;
        return true;
    }

    /// <summary>Where the fragment header starts and which byte names it (the fixed header's next header, or the
    /// previous extension header's), from the chain the codec already walked.</summary>
    private static (int FragmentOffset, int PreviousNextHeader) LocateFragmentHeader(Ipv6Packet packet)
    {
        var previous = 6;
        var reader = packet.ExtensionHeaders;
        while (reader.MoveNext())
        {
            if (reader.Kind == IpProtocol.Ipv6Fragment)
                return (reader.Offset, previous);
            previous = reader.Offset;
        }
        throw new ArgumentException("the packet has no fragment header", nameof(packet));
    }

    /// <summary>RFC 5722 4: the datagram is dropped and so is every fragment of it that comes later; the
    /// tombstone holds no data and goes at the timeout.</summary>
    private Ipv6ReassemblyOutcome Discard(Datagram datagram)
    {
        BytesHeld -= datagram.Bytes;
        datagram.Discard();
        Failures++;
        return Ipv6ReassemblyOutcome.Dropped;
    }

    private bool EvictOldest(Datagram? except = null)
    {
        var oldest = datagrams.Where(d => d.Value != except).OrderBy(d => d.Value.Discarded ? 0 : 1).ThenBy(d => d.Value.Sequence)
            .Select(d => (KeyValuePair<Ipv6FragmentKey, Datagram>?)d).FirstOrDefault();
        if (oldest is not { } victim)
            return false;
        if (!victim.Value.Discarded)
            Failures++;
        Remove(victim.Key, victim.Value);
        return true;
    }

    private void Remove(Ipv6FragmentKey key, Datagram datagram)
    {
        BytesHeld -= datagram.Bytes;
        datagram.Discard();
        datagrams.Remove(key);
    }

    private sealed class Datagram(long sequence)
    {
        public long Sequence { get; } = sequence;
        public SortedList<int, byte[]> Fragments { get; } = [];
        public int? TotalLength { get; set; }
        public byte[]? Unfragmentable { get; set; }
        public byte[]? FirstFragment { get; set; }
        public long Bytes { get; set; }
        public bool Discarded { get; private set; }

        public void Discard()
        {
            Discarded = true;
            Fragments.Clear();
            Unfragmentable = null;
            FirstFragment = null;
            Bytes = 0;
        }

        /// <summary>The reassembled packet once the fragments cover 0 to the total length without a gap.</summary>
        public byte[]? Complete()
        {
            if (TotalLength is not { } total || Unfragmentable is not { } unfragmentable)
                return null;
            var covered = 0;
            foreach (var (start, data) in Fragments)
            {
                if (start != covered)
                    return null;
                covered += data.Length;
            }
            if (covered != total)
                return null;
            var packet = new byte[unfragmentable.Length + total];
            unfragmentable.CopyTo(packet, 0);
            foreach (var (start, data) in Fragments)
                data.CopyTo(packet, unfragmentable.Length + start);
            var payloadLength = packet.Length - Ipv6Packet.HeaderLength;
            if (payloadLength > ushort.MaxValue)
                return null;
            packet[4] = (byte)(payloadLength >> 8);
            packet[5] = (byte)payloadLength;
            return packet;
        }
    }
}
