using System.Numerics;
using Enet.Remote.Etf;

namespace Enet.Remote;

/// <summary>
/// Turns C# values into terms for sending to Erlang: terms pass unchanged; bool and null become atoms,
/// integers integers, doubles floats, strings UTF-8 binaries (Elixir's and modern Erlang's string), byte
/// arrays binaries, tuples tuples. Anything else is a programming error with a clear message.
/// </summary>
public static class TermMapping
{
    public static Term ToTerm(object? value) => value switch
    {
        Term t => t,
        null => ErlAtom.Undefined,
        bool b => b ? ErlAtom.True : ErlAtom.False,
        int i => new ErlInteger(i),
        long l => new ErlInteger(l),
        uint u => new ErlInteger(u),
        ulong u => new ErlInteger(u),
        BigInteger n => new ErlInteger(n),
        double d => new ErlFloat(d),
        string s => new ErlBinary(System.Text.Encoding.UTF8.GetBytes(s)),
        byte[] bytes => new ErlBinary(bytes),
        System.Runtime.CompilerServices.ITuple tuple => new ErlTuple(Enumerable.Range(0, tuple.Length).Select(k => ToTerm(tuple[k])).ToArray()),
        _ => throw new ArgumentException($"no Erlang term for a {value.GetType()}; send an Enet.Remote.Etf.Term", nameof(value)),
    };
}
