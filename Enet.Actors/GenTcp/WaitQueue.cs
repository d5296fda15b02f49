namespace Enet.Actors.GenTcp;

/// <summary>The callers a socket keeps waiting (accept, recv, a blocked send) are queues served in order; a timed-out
/// caller leaves its queue and the others keep their places.</summary>
internal static class WaitQueue
{
    /// <summary>Takes the entries <paramref name="leaves"/> picks out of <paramref name="queue"/>, in order, handing
    /// each to <paramref name="left"/>; the rest stay in their order.</summary>
    public static void Remove<T>(Queue<T> queue, Func<T, bool> leaves, Action<T> left)
    {
        var kept = new List<T>(queue.Count);
        while (queue.TryDequeue(out var entry))
            if (leaves(entry))
                left(entry);
            else
                kept.Add(entry);
        foreach (var entry in kept)
            queue.Enqueue(entry);
    }
}
