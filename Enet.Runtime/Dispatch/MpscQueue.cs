using System.Numerics;
using System.Runtime.CompilerServices;

namespace Enet.Runtime.Dispatch;

/// <summary>
/// Unbounded lock-free multi-producer single-consumer FIFO built from ring segments (Vyukov's bounded
/// queue per segment). A full segment is frozen and a twice larger one linked after it, so a queue that
/// stays within its current segment never allocates: the mailbox hot path costs no bytes per message.
/// </summary>
internal sealed class MpscQueue<T>
{
    private const int MaxSegmentLength = 1 << 20;
    private Segment _head;
    private Segment _tail;

    public MpscQueue(int initialCapacity)
    {
        _head = _tail = new Segment(Math.Max(2, (int)BitOperations.RoundUpToPowerOf2((uint)initialCapacity)));
    }

    /// <summary>True when the consumer would find nothing; a producer mid-write counts as empty because it
    /// schedules the consumer after it finishes.</summary>
    public bool IsEmpty
    {
        get
        {
            var head = Volatile.Read(ref _head);
            return !head.HasReadyItem && Volatile.Read(ref head.Next) is null;
        }
    }

    public void Enqueue(T item)
    {
        while (true)
        {
            var tail = Volatile.Read(ref _tail);
            if (tail.TryEnqueue(item))
            {
                return;
            }

            tail.Freeze();
            var next = Volatile.Read(ref tail.Next);
            if (next is null)
            {
                var grown = new Segment(Math.Min(tail.Length * 2, MaxSegmentLength));
                next = Interlocked.CompareExchange(ref tail.Next, grown, null) ?? grown;
            }

            Interlocked.CompareExchange(ref _tail, next, tail);
        }
    }

    /// <summary>Consumer only.</summary>
    public bool TryDequeue(out T item)
    {
        var spinner = default(SpinWait);
        while (true)
        {
            var head = _head;
            if (head.TryDequeue(out item))
            {
                return true;
            }

            if (Volatile.Read(ref head.Next) is not { } next)
            {
                return false;
            }

            // A frozen segment may still hold a slot a producer claimed but has not written yet.
            if (head.IsDrained)
            {
                Volatile.Write(ref _head, next);
            }
            else
            {
                spinner.SpinOnce();
            }
        }
    }

    private sealed class Segment
    {
        // Added to the tail once the segment is full: every later claim sees "full", and the consumer can
        // still recover the real tail to know when the segment is drained.
        private const long FreezeOffset = 1L << 62;
        private readonly Slot[] _slots;
        private readonly int _mask;
        private PaddedIndices _indices;
        public Segment? Next;

        public Segment(int length)
        {
            _slots = new Slot[length];
            _mask = length - 1;
            for (var i = 0; i < length; i++)
            {
                _slots[i].Sequence = i;
            }
        }

        public int Length => _slots.Length;

        public bool HasReadyItem
        {
            get
            {
                var head = Volatile.Read(ref _indices.Head);
                return Volatile.Read(ref _slots[head & _mask].Sequence) == head + 1;
            }
        }

        public bool IsDrained => _indices.Head == Volatile.Read(ref _indices.Tail) - FreezeOffset;

        public bool TryEnqueue(T item)
        {
            while (true)
            {
                var tail = Volatile.Read(ref _indices.Tail);
                ref var slot = ref _slots[tail & _mask];
                var diff = Volatile.Read(ref slot.Sequence) - tail;
                if (diff == 0)
                {
                    if (Interlocked.CompareExchange(ref _indices.Tail, tail + 1, tail) == tail)
                    {
                        slot.Item = item;
                        Volatile.Write(ref slot.Sequence, tail + 1);
                        return true;
                    }
                }
                else if (diff < 0)
                {
                    return false;
                }
            }
        }

        public bool TryDequeue(out T item)
        {
            var head = _indices.Head;
            ref var slot = ref _slots[head & _mask];
            if (Volatile.Read(ref slot.Sequence) != head + 1)
            {
                item = default!;
                return false;
            }

            item = slot.Item;
            if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
            {
                slot.Item = default!;
            }

            Volatile.Write(ref _indices.Head, head + 1);
            Volatile.Write(ref slot.Sequence, head + _slots.Length);
            return true;
        }

        public void Freeze()
        {
            while (true)
            {
                var tail = Volatile.Read(ref _indices.Tail);
                if (tail >= FreezeOffset || Interlocked.CompareExchange(ref _indices.Tail, tail + FreezeOffset, tail) == tail)
                {
                    return;
                }
            }
        }
    }

    private struct Slot
    {
        public T Item;
        public long Sequence;
    }
}
