namespace Enet.Benchmarks.Actors;

/// <summary>The end of one throughput invocation: the receiver's count has reached its target.</summary>
internal static class ByteArrival
{
    /// <summary>Spins until <paramref name="counted"/> reaches <paramref name="target"/> (at most a minute); the timeout
    /// says how many of the <paramref name="bytes"/> sent arrived.</summary>
    public static void Await(Func<long> counted, long target, int bytes)
    {
        if (!SpinWait.SpinUntil(() => counted() >= target, TimeSpan.FromSeconds(60)))
            throw new TimeoutException($"only {counted() - target + bytes} of {bytes} bytes arrived");
    }
}
