using System.Buffers;

namespace Enet.Remote.Etf;

/// <summary>The External Term Format (erl_ext_dist): <c>term_to_binary</c> and <c>binary_to_term</c>.</summary>
public static class Etf
{
    /// <summary>The term with its leading 131 version byte, as <c>term_to_binary/1</c> gives it.</summary>
    public static byte[] Encode(Term term)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Encode(term, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Appends the term with its version byte to <paramref name="output"/>.</summary>
    public static void Encode(Term term, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(term);
        new EtfWriter(output).WriteVersioned(term);
    }

    /// <summary>Decodes exactly one versioned term filling all of <paramref name="bytes"/>; never throws.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out Term term, out EtfError? error, EtfLimits? limits = null)
    {
        if (!TryDecodePrefix(bytes, out term, out var consumed, out error, limits))
            return false;
        if (consumed == bytes.Length)
            return true;
        error = new EtfError(consumed, $"{bytes.Length - consumed} bytes after the term");
        return false;
    }

    /// <summary>
    /// Decodes one versioned term from the start of <paramref name="bytes"/> and says how many bytes it took;
    /// a pass-through distribution packet holds two terms back to back (erl_dist_protocol "Protocol between
    /// connected nodes").
    /// </summary>
    public static bool TryDecodePrefix(ReadOnlySpan<byte> bytes, out Term term, out int consumed, out EtfError? error, EtfLimits? limits = null)
    {
        var reader = new EtfReader(bytes, limits ?? EtfLimits.Default);
        return Finish(ref reader, out term, out consumed, out error);
    }

    /// <summary>
    /// <see cref="TryDecodePrefix(ReadOnlySpan{byte}, out Term, out int, out EtfError?, EtfLimits?)"/> where larger
    /// binaries in the term are slices of <paramref name="bytes"/> instead of copies: for memory the caller hands
    /// over for good (a distribution packet read into an array of its own).
    /// </summary>
    internal static bool TryDecodePrefixShared(ReadOnlyMemory<byte> bytes, out Term term, out int consumed, out EtfError? error)
    {
        var reader = new EtfReader(bytes.Span, EtfLimits.Default, bytes);
        return Finish(ref reader, out term, out consumed, out error);
    }

    private static bool Finish(ref EtfReader reader, out Term term, out int consumed, out EtfError? error)
    {
        var decoded = reader.ReadVersionedTerm();
        consumed = reader.Position;
        error = reader.Error;
        term = decoded ?? ErlList.Nil;
        return decoded is not null;
    }
}
