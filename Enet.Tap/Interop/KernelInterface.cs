using System.Buffers.Binary;
using Enet.Codecs;

namespace Enet.Tap.Interop;

/// <summary>
/// The operating system's side of a network interface, configured with the netdevice(7) ioctls on a
/// datagram socket, as ifconfig does, so Enet needs no `ip` process. The socket belongs to the namespace of
/// the thread that creates it, so create this on the thread that opened the device.
/// </summary>
internal sealed unsafe class KernelInterface : IDisposable
{
    // linux/sockios.h
    private const uint SIOCGIFFLAGS = 0x8913;
    private const uint SIOCSIFFLAGS = 0x8914;
    private const uint SIOCSIFADDR = 0x8916;
    private const uint SIOCSIFNETMASK = 0x891C;
    private const uint SIOCGIFMTU = 0x8921;
    private const uint SIOCSIFMTU = 0x8922;
    private const uint SIOCGIFHWADDR = 0x8927;
    private const uint SIOCGIFINDEX = 0x8933;
    private const short IFF_UP = 0x1;

    private readonly string name;
    private readonly string subject;
    private readonly int socket;

    public KernelInterface(string name)
    {
        this.name = name;
        subject = $"tap {name}";
        socket = OpenSocket(Libc.AF_INET);
    }

    public int Mtu
    {
        get => Get(SIOCGIFMTU, "SIOCGIFMTU").Value;
        set
        {
            var request = IfReq.For(name);
            request.Value = value;
            Call(socket, SIOCSIFMTU, ref request, $"SIOCSIFMTU {value}");
        }
    }

    public int Index => Get(SIOCGIFINDEX, "SIOCGIFINDEX").Value;

    /// <summary>SIOCGIFHWADDR fills a struct sockaddr: sa_family (ARPHRD_ETHER), then the MAC in sa_data.</summary>
    public MacAddress HardwareAddress => MacAddress.Read(Get(SIOCGIFHWADDR, "SIOCGIFHWADDR").Union[2..]);

    public void BringUp()
    {
        var request = Get(SIOCGIFFLAGS, "SIOCGIFFLAGS");
        request.Flags |= IFF_UP;
        Call(socket, SIOCSIFFLAGS, ref request, "SIOCSIFFLAGS IFF_UP");
    }

    /// <summary>SIOCSIFADDR then SIOCSIFNETMASK, each with a struct sockaddr_in (ip(7)) in the union: the
    /// kernel adds the prefix route when the netmask is set.</summary>
    public void SetIpv4(Ipv4Address address, int prefixLength)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)prefixLength, 32u, nameof(prefixLength));
        var mask = new Ipv4Address(prefixLength == 0 ? 0 : uint.MaxValue << (32 - prefixLength));
        var request = IfReq.For(name);
        WriteSockaddrIn(request.Union, address);
        Call(socket, SIOCSIFADDR, ref request, $"SIOCSIFADDR {address}");
        request = IfReq.For(name);
        WriteSockaddrIn(request.Union, mask);
        Call(socket, SIOCSIFNETMASK, ref request, $"SIOCSIFNETMASK {mask}");
    }

    /// <summary>SIOCSIFADDR on an AF_INET6 socket takes a struct in6_ifreq {in6_addr, u32 prefixlen, int
    /// ifindex} (linux/ipv6.h; what net-tools' ifconfig sends), not an ifreq.</summary>
    public void SetIpv6(Ipv6Address address, int prefixLength)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)prefixLength, 128u, nameof(prefixLength));
        var in6Ifreq = stackalloc byte[24];
        var span = new Span<byte>(in6Ifreq, 24);
        address.Write(span);
        BitConverter.TryWriteBytes(span[16..], (uint)prefixLength);
        BitConverter.TryWriteBytes(span[20..], Index);
        var socket6 = OpenSocket(Libc.AF_INET6);
        try
        {
            if (Libc.Ioctl(socket6, SIOCSIFADDR, in6Ifreq) != 0)
                throw TapException.FromErrno(subject, $"SIOCSIFADDR {address}/{prefixLength}", Libc.LastError);
        }
        finally
        {
            Libc.Close(socket6);
        }
    }

    public void Dispose() => Libc.Close(socket);

    private IfReq Get(uint request, string what)
    {
        var ifreq = IfReq.For(name);
        Call(socket, request, ref ifreq, what);
        return ifreq;
    }

    private void Call(int fd, uint request, ref IfReq ifreq, string what)
    {
        fixed (IfReq* p = &ifreq)
            if (Libc.Ioctl(fd, request, p) != 0)
                throw TapException.FromErrno(subject, what, Libc.LastError);
    }

    private int OpenSocket(int family)
    {
        var fd = Libc.Socket(family, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0)
            throw TapException.FromErrno(subject, family == Libc.AF_INET ? "socket(AF_INET)" : "socket(AF_INET6)", Libc.LastError);
        return fd;
    }

    /// <summary>struct sockaddr_in: sin_family in host order, sin_port and sin_addr in network order.</summary>
    private static void WriteSockaddrIn(Span<byte> destination, Ipv4Address address)
    {
        BitConverter.TryWriteBytes(destination, (ushort)Libc.AF_INET);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 0);
        address.Write(destination[4..]);
    }
}
