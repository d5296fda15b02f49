using System.Text;

namespace Enet.Actors.Inet;

public static partial class Inet
{
    private static readonly Dictionary<string, InetStat> StatAtoms =
        Enum.GetValues<InetStat>().ToDictionary(Atom, s => s, StringComparer.Ordinal);

    /// <summary>recv_oct, send_pend...</summary>
    public static string Atom(InetStat stat)
    {
        var name = stat.ToString();
        var atom = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && atom.Length > 0)
                atom.Append('_');
            atom.Append(char.ToLowerInvariant(c));
        }
        return atom.ToString();
    }

    /// <summary>The counters of getstat/2's names; an unknown name makes the whole call einval, as in inet.</summary>
    public static InetResult<IReadOnlyList<InetStat>> ParseStats(IEnumerable<string> names)
    {
        var stats = new List<InetStat>();
        foreach (var name in names)
        {
            if (!StatAtoms.TryGetValue(name, out var stat))
                return Posix.Einval;
            stats.Add(stat);
        }
        return stats;
    }
}
