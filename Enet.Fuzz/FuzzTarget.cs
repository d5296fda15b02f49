namespace Enet.Fuzz;

/// <summary>Runs one input through a codec and throws <see cref="ContractViolation"/> (or whatever the codec
/// threw) when the codec's contract does not hold.</summary>
public delegate void FuzzAction(ReadOnlySpan<byte> input);

/// <summary>One codec under fuzzing: its name on the command line, the check, and its seed inputs.</summary>
/// <param name="Seeds">Valid inputs built from the shared captures and test vectors (the argument is the
/// shared data directory); AFL starts from them and the in-process tests mutate them.</param>
public sealed record FuzzTarget(string Name, FuzzAction Run, Func<SeedSource, IEnumerable<byte[]>> Seeds);
