using BenchmarkDotNet.Attributes;
using Enet.Codecs;
using Enet.Tap;

namespace Enet.Benchmarks.Actors;

/// <summary>
/// Frames per second Enet can hand to the kernel through a TAP device: the writer thread draining its queue
/// in bursts against one write(2) per send on the sender's thread, in the same run. Each invocation sends a
/// burst and waits until every frame is written. Needs root: it makes a throw-away namespace
/// (`ip netns add`), opens both devices inside it, and deletes it after.
/// </summary>
[MemoryDiagnoser]
public class TapWriteBenchmarks
{
    private const int Burst = 512;
    private readonly string ns = $"enet-bench-{Guid.NewGuid().ToString("N")[..8]}";
    private readonly byte[] frame = new byte[1514];
    private TapDevice inline = null!;
    private TapDevice batched = null!;

    [GlobalSetup]
    public void Setup()
    {
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException("TapWriteBenchmarks needs root to make a network namespace and TAP devices");
        Tool.Run("ip", "netns", "add", ns);
        inline = TapDevice.Open(new TapDeviceOptions { Name = "inline0", Namespace = ns, BatchWrites = false });
        batched = TapDevice.Open(new TapDeviceOptions { Name = "batched0", Namespace = ns, SendCapacity = Burst });
        MacAddress.Broadcast.Write(frame);
        MacAddress.Parse("02:00:00:00:00:01").Write(frame.AsSpan(6));
        frame[12] = 0x88; // IEEE 802 local experimental EtherType 0x88B5: the kernel counts and drops it
        frame[13] = 0xB5;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        inline.Dispose();
        batched.Dispose();
        Tool.Run("ip", "netns", "del", ns);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Burst)]
    public void Write_on_the_senders_thread() => SendBurst(inline);

    [Benchmark(OperationsPerInvoke = Burst)]
    public void Write_from_the_batching_writer() => SendBurst(batched);

    private void SendBurst(TapDevice tap)
    {
        var target = tap.Counters.FramesSent + tap.Counters.SendDrops + Burst;
        for (var i = 0; i < Burst; i++)
            tap.TrySend(frame);
        var spin = new SpinWait();
        while (tap.Counters.FramesSent + tap.Counters.SendDrops < target)
            spin.SpinOnce();
    }
}
