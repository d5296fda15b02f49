using System.Runtime.InteropServices;
using Akka.IO;

namespace Enet.Actors.Tcp;

/// <summary>Between Akka.IO's <see cref="ByteString"/> and the stack's memory, without copying where the bytes already
/// sit in one array.</summary>
public static class ByteStrings
{
    /// <summary>Wraps <paramref name="memory"/>; the caller gives it up (nothing may write it afterwards).</summary>
    public static ByteString Wrap(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) ? ByteString.FromBytes(segment) : ByteString.CopyFrom(memory.ToArray());

}
