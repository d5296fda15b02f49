using System.Threading.Channels;
using Enet.Codecs;
using Enet.Tap.Interop;
using Microsoft.Win32.SafeHandles;

namespace Enet.Tap;

/// <summary>
/// A Linux TAP device (kernel.org Documentation/networking/tuntap.rst) as an <see cref="ILink"/>: Enet is
/// the far end of an Ethernet cable whose near end is a kernel interface. Opened non-blocking with
/// IFF_TAP | IFF_NO_PI, so each read(2) is one whole frame and each write(2) sends one (by default from a
/// writer thread that takes frames off a queue in bursts, <see cref="TapWriter"/>); the kernel's side is
/// configured with netdevice(7) ioctls. The device is not persistent: it goes away when this closes.
/// </summary>
public sealed unsafe class TapDevice : ILink
{
    private const string TunPath = "/dev/net/tun";
    private const uint TUNSETIFF = 0x400454CA; // _IOW('T', 202, int), linux/if_tun.h
    private const short IFF_TAP = 0x0002;
    private const short IFF_NO_PI = 0x1000;
    private const short IFF_VNET_HDR = 0x4000;
    private const uint TUNSETOFFLOAD = 0x400454D0; // _IOW('T', 208, unsigned int)
    // TUN_F_CSUM: we take partial checksums; TUN_F_TSO4/6: TCP super-frames (TSO needs CSUM).
    private const uint TUN_F_CSUM = 0x01, TUN_F_TSO4 = 0x02, TUN_F_TSO6 = 0x04;

    /// <summary>The largest frame a TAP with offloads hands over: an IPv4 or IPv6 super-frame of 64 kB plus the
    /// Ethernet header and a tag (the kernel's GSO limit keeps the IP length in 16 bits).</summary>
    private const int OffloadFrameSize = 65535 + 40 + LinkHeaderAllowance;

    /// <summary>Ethernet header plus one 802.1Q tag: a frame may be this much longer than the MTU.</summary>
    private const int LinkHeaderAllowance = 18;
    private const int EthernetHeaderLength = 14;

    private readonly SafeFileHandle device;
    private readonly ReceiveQueue queue;
    private readonly TapReader reader;
    private readonly TapWriter? writer;
    private int disposed;

    private TapDevice(SafeFileHandle device, string name, int mtu, MacAddress osMac, int index, TapDeviceOptions options)
    {
        this.device = device;
        Name = name;
        Mtu = mtu;
        OsMacAddress = osMac;
        InterfaceIndex = index;
        Namespace = options.Namespace;
        queue = new ReceiveQueue(options.ReceiveCapacity, Counters, options.Time, inlineReader: true);
        Offload = options.Offload;
        reader = new TapReader(device, name, Offload ? OffloadFrameSize : mtu + LinkHeaderAllowance, Offload, options.BusyPoll, queue, Counters);
        reader.Start();
        if (options.BatchWrites)
            writer = new TapWriter(device, name, options.SendCapacity, mtu + LinkHeaderAllowance, Offload, Counters, reader.Fail);
    }

    /// <summary>Creates the device (or attaches to an existing, unattached one), configures the operating
    /// system's side and starts reading. Throws <see cref="TapException"/> naming the device and errno:
    /// ENOENT without /dev/net/tun, EPERM without CAP_NET_ADMIN, EBUSY when another fd holds the device.</summary>
    public static TapDevice Open(TapDeviceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var opened = options.Namespace is null ? OpenHere(options) : new NetworkNamespace(options.Namespace).Run(() => OpenHere(options));
        return new TapDevice(opened.Device, opened.Name, opened.Mtu, opened.Mac, opened.Index, options);
    }

    public string Name { get; }

    public int Mtu { get; }

    /// <summary>The `ip netns` namespace the device lives in, or null for the caller's.</summary>
    public string? Namespace { get; }

    /// <summary>The MAC the operating system's side uses: frames the kernel sends come from it.</summary>
    public MacAddress OsMacAddress { get; }

    public int InterfaceIndex { get; }

    /// <summary>Opened with <see cref="TapDeviceOptions.Offload"/>: received TCP frames may be super-frames longer than the MTU.</summary>
    public bool Offload { get; }

    public ChannelReader<LinkFrame> Received => queue.Reader;

    public Task Completion => reader.Completion;

    public LinkCounters Counters { get; } = new();

    /// <summary>How often the writer thread woke to write a burst; <see cref="LinkCounters.FramesSent"/> divided
    /// by this is the average batch. Zero without <see cref="TapDeviceOptions.BatchWrites"/>.</summary>
    public long WriterWakeups => writer?.Wakeups ?? 0;

    /// <summary>Queues the frame for the writer thread (<see cref="TapDeviceOptions.BatchWrites"/>), or writes it
    /// on the caller's thread.</summary>
    public bool TrySend(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < EthernetHeaderLength || frame.Length > Mtu + LinkHeaderAllowance || Volatile.Read(ref disposed) != 0 ||
            reader.Completion.IsCompleted)
        {
            Counters.CountSendDrop();
            return false;
        }
        if (writer is not null)
            return writer.TrySend(frame);
        var added = false;
        try
        {
            // The reference keeps close(2) from running (and the fd number being reused) mid-write.
            device.DangerousAddRef(ref added);
            return Write((int)device.DangerousGetHandle(), frame);
        }
        catch (ObjectDisposedException)
        {
            Counters.CountSendDrop();
            return false;
        }
        finally
        {
            if (added)
                device.DangerousRelease();
        }
    }

    /// <summary>Stops the reader (within a second), closes the fd, which deletes the device, and gives the
    /// queued frames' buffers back.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
            return;
        writer?.Stop(TimeSpan.FromSeconds(1));
        reader.Stop(TimeSpan.FromSeconds(1));
        device.Dispose();
        queue.Drain();
    }

    public override string ToString() => Namespace is null ? $"tap {Name}" : $"tap {Name} (netns {Namespace})";

    private bool Write(int fd, ReadOnlySpan<byte> frame)
    {
        var errno = TapWriter.WriteFrame(fd, frame, Offload);
        if (errno == 0)
        {
            Counters.CountSent(frame.Length);
            return true;
        }
        Counters.CountSendDrop();
        // EAGAIN (queue full) and EIO (interface down) lose one frame; EBADFD means the device is gone.
        if (errno == Libc.EBADFD)
            reader.Fail(TapException.FromErrno(ToString(), "write (the device was deleted)", errno));
        return false;
    }

    private static (SafeFileHandle Device, string Name, int Mtu, MacAddress Mac, int Index) OpenHere(TapDeviceOptions options)
    {
        var subject = $"tap {options.Name}";
        var fd = Libc.Open(TunPath, Libc.O_RDWR | Libc.O_CLOEXEC | Libc.O_NONBLOCK);
        if (fd < 0)
            throw TapException.FromErrno(subject, $"open {TunPath}", Libc.LastError);
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            var request = IfReq.For(options.Name);
            request.Flags = options.Offload ? (short)(IFF_TAP | IFF_NO_PI | IFF_VNET_HDR) : (short)(IFF_TAP | IFF_NO_PI);
            if (Libc.Ioctl(fd, TUNSETIFF, &request) != 0)
                throw TapException.FromErrno(subject, "TUNSETIFF", Libc.LastError);
            // The ioctl takes the flags as its argument itself, not a pointer to them (tun_chr_ioctl).
            if (options.Offload && Libc.Ioctl(fd, TUNSETOFFLOAD, (void*)(TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6)) != 0)
                throw TapException.FromErrno(subject, "TUNSETOFFLOAD", Libc.LastError);
            var name = request.Name;
            using var kernel = new KernelInterface(name);
            if (options.Mtu is { } mtu)
                kernel.Mtu = mtu;
            if (options.OsIpv4Address is { } v4)
                kernel.SetIpv4(v4, options.OsIpv4PrefixLength);
            if (options.OsIpv6Address is { } v6)
                kernel.SetIpv6(v6, options.OsIpv6PrefixLength);
            if (options.Up)
                kernel.BringUp();
            return (handle, name, kernel.Mtu, kernel.HardwareAddress, kernel.Index);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }
}
