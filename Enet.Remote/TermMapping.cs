using System.Collections;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using Enet.Remote.Etf;

namespace Enet.Remote;

/// <summary>
/// Turns C# values into terms and back. To terms: terms pass unchanged; bool and null become atoms,
/// integers integers, doubles floats, strings UTF-8 binaries (Elixir's and modern Erlang's string), byte
/// arrays binaries, tuples tuples, dictionaries maps, other sequences lists. From terms, to a requested type:
/// integers to any integer type that holds them, floats (and integers) to double, true/false to bool,
/// binaries, char lists and atoms to string, binaries to byte[] or ReadOnlyMemory&lt;byte&gt; (no copy), proper lists to arrays and List&lt;T&gt;, maps
/// to Dictionary&lt;K, V&gt;, tuples to value tuples of the same arity, and any term to its Term type. What does
/// not fit throws <see cref="TermMappingException"/> naming the term and the type.
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
        short s => new ErlInteger(s),
        ushort s => new ErlInteger(s),
        byte b => new ErlInteger(b),
        sbyte b => new ErlInteger(b),
        BigInteger n => new ErlInteger(n),
        double d => new ErlFloat(d),
        float f => new ErlFloat(f),
        string s => new ErlBinary(Encoding.UTF8.GetBytes(s)),
        byte[] bytes => new ErlBinary(bytes),
        ReadOnlyMemory<byte> bytes => new ErlBinary(bytes),
        ITuple tuple => new ErlTuple(Enumerable.Range(0, tuple.Length).Select(k => ToTerm(tuple[k])).ToArray()),
        IDictionary map => new ErlMap(map.Keys.Cast<object?>().Select(k => KeyValuePair.Create(ToTerm(k), ToTerm(map[k!]))).ToList()),
        IEnumerable sequence => new ErlList(sequence.Cast<object?>().Select(ToTerm).ToArray()),
        _ => throw new TermMappingException($"no Erlang term for a {value.GetType()}; send an Enet.Remote.Etf.Term"),
    };

    /// <summary>The term as a <typeparamref name="T"/>; throws <see cref="TermMappingException"/> when it does not fit.</summary>
    public static T FromTerm<T>(Term term) => (T)FromTerm(term, typeof(T))!;

    /// <summary>The term as <paramref name="type"/>; <c>object</c> asks for the natural C# value of each term.</summary>
    public static object? FromTerm(Term term, Type type)
    {
        ArgumentNullException.ThrowIfNull(term);
        ArgumentNullException.ThrowIfNull(type);
        if (type.IsInstanceOfType(term) && type != typeof(object))
            return term;
        if (Nullable.GetUnderlyingType(type) is { } underlying)
            return term.Equals(ErlAtom.Undefined) ? null : FromTerm(term, underlying);
        if (type == typeof(object))
            return Natural(term);
        return term switch
        {
            ErlInteger i when IsInteger(type) => Integer(i, type),
            ErlInteger i when type == typeof(double) => (double)i.Value,
            ErlFloat f when type == typeof(double) => f.Value,
            ErlAtom a when type == typeof(bool) && (a.Equals(ErlAtom.True) || a.Equals(ErlAtom.False)) => a.Equals(ErlAtom.True),
            ErlAtom a when type == typeof(string) => a.Name,
            ErlBinary { IsBitstring: false } b when type == typeof(string) => Utf8(b, term),
            ErlList l when type == typeof(string) => l.AsString() ?? throw Fail(term, type, "not a proper list of character codes"),
            ErlBinary { IsBitstring: false } b when type == typeof(byte[]) => b.ToArray(),
            ErlBinary { IsBitstring: false } b when type == typeof(ReadOnlyMemory<byte>) => b.Bytes,
            ErlList l when type.IsArray => Array(l, type.GetElementType()!, term),
            ErlList l when IsGeneric(type, typeof(List<>)) => List(l, type, term),
            ErlMap m when IsGeneric(type, typeof(Dictionary<,>)) => Map(m, type),
            ErlTuple t when typeof(ITuple).IsAssignableFrom(type) && type.IsGenericType => Tuple(t, type),
            _ => throw Fail(term, type, "no mapping"),
        };
    }

    private static object? Natural(Term term) => term switch
    {
        ErlAtom a when a.Equals(ErlAtom.True) => true,
        ErlAtom a when a.Equals(ErlAtom.False) => false,
        ErlAtom a when a.Equals(ErlAtom.Undefined) => null,
        ErlInteger i when i.Value >= long.MinValue && i.Value <= long.MaxValue => (long)i.Value,
        ErlInteger i => i.Value,
        ErlFloat f => f.Value,
        ErlBinary { IsBitstring: false } b => b.ToArray(),
        ErlList { IsProper: true } l => l.Elements.Select(Natural).ToList(),
        ErlTuple t => t.Elements.Select(Natural).ToArray(),
        ErlMap m => m.Pairs.ToDictionary(p => Natural(p.Key) ?? ErlAtom.Undefined, p => Natural(p.Value)),
        _ => term,
    };

    private static bool IsInteger(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(uint) || type == typeof(ulong) || type == typeof(short)
        || type == typeof(ushort) || type == typeof(byte) || type == typeof(sbyte) || type == typeof(BigInteger);

    private static object Integer(ErlInteger i, Type type)
    {
        if (type == typeof(BigInteger))
            return i.Value;
        try
        {
            return type == typeof(int) ? (int)i.Value
                : type == typeof(long) ? (long)i.Value
                : type == typeof(uint) ? (uint)i.Value
                : type == typeof(ulong) ? (ulong)i.Value
                : type == typeof(short) ? (short)i.Value
                : type == typeof(ushort) ? (ushort)i.Value
                : type == typeof(byte) ? (byte)i.Value
                : (object)(sbyte)i.Value;
        }
        catch (OverflowException)
        {
            throw Fail(i, type, "out of range");
        }
    }

    private static string Utf8(ErlBinary binary, Term term)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(binary.Bytes.Span);
        }
        catch (DecoderFallbackException)
        {
            throw Fail(term, typeof(string), "not UTF-8");
        }
    }

    private static Array Array(ErlList list, Type element, Term term)
    {
        if (!list.IsProper)
            throw Fail(term, element.MakeArrayType(), "an improper list");
        var array = System.Array.CreateInstance(element, list.Elements.Count);
        for (var k = 0; k < list.Elements.Count; k++)
            array.SetValue(FromTerm(list.Elements[k], element), k);
        return array;
    }

    private static IList List(ErlList list, Type type, Term term)
    {
        var element = type.GetGenericArguments()[0];
        var result = (IList)Activator.CreateInstance(type)!;
        foreach (var e in Array(list, element, term))
            result.Add(e);
        return result;
    }

    private static IDictionary Map(ErlMap map, Type type)
    {
        var args = type.GetGenericArguments();
        var result = (IDictionary)Activator.CreateInstance(type)!;
        foreach (var (k, v) in map.Pairs)
            result[FromTerm(k, args[0])!] = FromTerm(v, args[1]);
        return result;
    }

    private static object Tuple(ErlTuple tuple, Type type)
    {
        var args = type.GetGenericArguments();
        if (args.Length != tuple.Arity || args.Length > 7)
            throw Fail(tuple, type, $"arity {tuple.Arity}, the type takes {args.Length}");
        return Activator.CreateInstance(type, tuple.Elements.Select((e, k) => FromTerm(e, args[k])).ToArray())!;
    }

    private static bool IsGeneric(Type type, Type definition) => type.IsGenericType && type.GetGenericTypeDefinition() == definition;

    private static TermMappingException Fail(Term term, Type type, string why)
    {
        var text = term.ToString();
        return new TermMappingException($"cannot map {(text.Length > 80 ? text[..80] + "..." : text)} to {type.Name}: {why}");
    }
}
