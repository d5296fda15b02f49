using Enet.Actors.Tcp;
using Xunit;

namespace Enet.Tests.Tcp;

/// <summary>SipHash-2-4 against the reference vectors (key 00..0f, message 00..len-1): the empty message, and the
/// 15-byte one of the paper's appendix A, which takes one whole word and seven bytes after it.</summary>
public sealed class SipHashTests
{
    private static readonly SipHash Reference = SipHash.FromKey([.. Enumerable.Range(0, 16).Select(i => (byte)i)]);

    [Theory]
    [InlineData(0, 0x726fdb47dd0e0e31UL)]
    [InlineData(15, 0xa129ca6149be45e5UL)]
    public void Hashes_the_reference_vectors(int length, ulong expected) =>
        Assert.Equal(expected, Reference.Hash([.. Enumerable.Range(0, length).Select(i => (byte)i)]));
}
