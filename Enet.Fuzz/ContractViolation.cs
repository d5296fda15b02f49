using System.Diagnostics.CodeAnalysis;

namespace Enet.Fuzz;

/// <summary>
/// A codec broke its promise on some input: it threw where it should have returned an error, or what it
/// decoded does not emit back to the bytes it came from. Thrown by the targets so AFL records a crash and
/// the in-process tests fail with the reason.
/// </summary>
public sealed class ContractViolation(string message) : Exception(message)
{
    /// <summary>Fails unless <paramref name="emitted"/> equals <paramref name="original"/> byte for byte.</summary>
    public static void RequireSame(ReadOnlySpan<byte> original, ReadOnlySpan<byte> emitted, string what)
    {
        if (!original.SequenceEqual(emitted))
            throw new ContractViolation($"{what}: emitted {Convert.ToHexString(emitted)}, decoded from {Convert.ToHexString(original)}");
    }

    public static void Require([DoesNotReturnIf(false)] bool holds, string what)
    {
        if (!holds)
            throw new ContractViolation(what);
    }
}
