using System.Buffers;

namespace Enet.Remote.Etf;

/// <summary>
/// An output that takes a large binary's bytes by reference: the distribution connection queues them as their
/// own segment of a gathered socket write instead of copying them into its buffer.
/// </summary>
internal interface IBinaryReferenceWriter : IBufferWriter<byte>
{
    /// <summary>Binaries shorter than this are cheaper to copy than to queue as a segment of their own.</summary>
    int ReferenceMinimum { get; }

    /// <summary>Appends <paramref name="bytes"/> to the output without copying; they must stay unchanged until written.</summary>
    void WriteReference(ReadOnlyMemory<byte> bytes);
}
