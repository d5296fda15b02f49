using System.Numerics;
using Enet.Remote.Etf;
using FsCheck;
using FsCheck.Fluent;

namespace Enet.Tests.Remote;

/// <summary>FsCheck generators for every term type the codec carries.</summary>
public static class TermGen
{
    private static readonly ErlAtom[] Nodes = ["a@host", "enet_x@localhost", "nonode@nohost"];

    public static Gen<Term> Terms() => Gen.Sized(size => Term(Math.Min(size, 30)));

    private static Gen<Term> Term(int size) =>
        size <= 1 ? Leaf() : Gen.Frequency(
            (4, Leaf()),
            (1, Gen.ListOf(Term(size / 3)).Select(l => (Term)new ErlTuple(l.ToArray()))),
            (1, Gen.ListOf(Term(size / 3)).Select(l => (Term)new ErlList(l.ToArray(), null))),
            (1, from l in Gen.NonEmptyListOf(Term(size / 3)) from t in Leaf().Where(t => t is not ErlList)
                select (Term)new ErlList(l.ToArray(), t)),
            (1, Gen.ListOf(Term(size / 4).Two()).Select(l => (Term)new ErlMap(
                l.DistinctBy(p => p.Item1).Select(p => new KeyValuePair<Term, Term>(p.Item1, p.Item2)).ToArray()))));

    private static Gen<Term> Leaf() => Gen.OneOf(
        Atoms().Select(a => (Term)a),
        ArbMap.Default.GeneratorFor<int>().Select(i => (Term)new ErlInteger(i)),
        Gen.Choose(0, 255).Select(i => (Term)new ErlInteger(i)),
        ArbMap.Default.GeneratorFor<byte[]>().Where(b => b.Length > 0)
            .Select(b => (Term)new ErlInteger(new BigInteger(b) * 1_000_000_000_000L)),
        ArbMap.Default.GeneratorFor<double>().Where(double.IsFinite).Select(d => (Term)new ErlFloat(d)),
        ArbMap.Default.GeneratorFor<byte[]>().Select(b => (Term)new ErlBinary(b)),
        from b in ArbMap.Default.GeneratorFor<byte[]>().Where(b => b.Length > 0) from bits in Gen.Choose(1, 7)
        select (Term)new ErlBinary(b, bits),
        Gen.Constant((Term)ErlList.Nil),
        Gen.Elements(" hello", "", "a\u00e9").Select(s => (Term)ErlList.FromString(s)),
        from n in Gen.Elements(Nodes) from id in ArbMap.Default.GeneratorFor<uint>() from serial in ArbMap.Default.GeneratorFor<uint>()
        from c in ArbMap.Default.GeneratorFor<uint>() select (Term)new ErlPid(n, id, serial, c),
        from n in Gen.Elements(Nodes) from id in ArbMap.Default.GeneratorFor<ulong>() from c in ArbMap.Default.GeneratorFor<uint>()
        select (Term)new ErlPort(n, id, c),
        from n in Gen.Elements(Nodes) from ids in Gen.ArrayOf(ArbMap.Default.GeneratorFor<uint>()).Where(a => a.Length is >= 1 and <= 5)
        from c in ArbMap.Default.GeneratorFor<uint>() select (Term)new ErlRef(n, c, ids));

    private static Gen<ErlAtom> Atoms() => Gen.OneOf(
        Gen.Elements("ok", "error", "", "'quoted'", "\u00e9t\u00e9", "\u0416\u0416", "\U0001F600", new string('x', 255), new string('\u00e9', 200))
            .Select(s => new ErlAtom(s)),
        ArbMap.Default.GeneratorFor<string>().Where(s => s is not null && !s.Any(char.IsSurrogate) && s.Length <= 255)
            .Select(s => new ErlAtom(s)));
}
