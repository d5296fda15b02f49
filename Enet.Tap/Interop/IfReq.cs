using System.Runtime.InteropServices;
using System.Text;

namespace Enet.Tap.Interop;

/// <summary>
/// struct ifreq (netdevice(7)): a 16-byte NUL-terminated name and a 24-byte union, 40 bytes on 64-bit
/// Linux. Always pass all 40: the kernel copies the whole struct in and, for TUNSETIFF, back out, so a
/// shorter struct lets it write past the managed copy.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 40)]
internal unsafe struct IfReq
{
    public const int NameSize = 16; // IFNAMSIZ, including the terminating NUL

    private fixed byte name[NameSize];
    private fixed byte union[24];

    public static IfReq For(string interfaceName)
    {
        var request = default(IfReq);
        var bytes = Encoding.ASCII.GetBytes(interfaceName);
        if (bytes.Length >= NameSize)
            throw new ArgumentException($"interface name '{interfaceName}' is longer than {NameSize - 1} bytes", nameof(interfaceName));
        bytes.CopyTo(new Span<byte>(request.name, NameSize));
        return request;
    }

    public readonly string Name
    {
        get
        {
            fixed (byte* p = name)
            {
                var span = new ReadOnlySpan<byte>(p, NameSize);
                var end = span.IndexOf((byte)0);
                return Encoding.ASCII.GetString(end < 0 ? span : span[..end]);
            }
        }
    }

    /// <summary>The union bytes: ifr_flags (short), ifr_mtu / ifr_ifindex (int), ifr_addr (sockaddr)...</summary>
    /// <remarks>Fields below read and write it in host order, as the kernel does.</remarks>
    public Span<byte> Union => MemoryMarshal.CreateSpan(ref union[0], 24);

    public short Flags
    {
        get => MemoryMarshal.Read<short>(Union);
        set => MemoryMarshal.Write(Union, in value);
    }

    public int Value
    {
        get => MemoryMarshal.Read<int>(Union);
        set => MemoryMarshal.Write(Union, in value);
    }
}
