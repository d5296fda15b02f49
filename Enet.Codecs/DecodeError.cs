namespace Enet.Codecs;

/// <summary>
/// Why untrusted bytes could not be decoded: the layer, the byte offset where the problem starts and a
/// human-readable reason. Decoders return this instead of throwing.
/// </summary>
/// <remarks>A view reports offsets relative to its own first byte; whoever nests views calls
/// <see cref="Shift"/> so the offset becomes relative to the whole frame.</remarks>
public readonly record struct DecodeError(Layer Layer, int Offset, string Reason)
{
    public DecodeError Shift(int by) => this with { Offset = Offset + by };

    /// <summary>The usual "the buffer ends before the header does" error.</summary>
    public static DecodeError Truncated(Layer layer, int offset, int needed, int available) =>
        new(layer, offset, $"truncated: need {needed} bytes, have {available}");

    public override string ToString() => $"{Layer} at byte {Offset}: {Reason}";
}
