
namespace Enet.Configuration;

/// <summary>
/// HOCON.md "Duration format": a number and an optional lowercase unit; a bare number is milliseconds.
/// .NET's <see cref="TimeSpan"/> counts 100 ns ticks, so finer values are truncated toward zero.
/// </summary>
internal static class DurationFormat
{
    private static readonly Dictionary<string, decimal> NanosPerUnit = Build(
        (1m, ["ns", "nano", "nanos", "nanosecond", "nanoseconds"]),
        (1_000m, ["us", "micro", "micros", "microsecond", "microseconds"]),
        (1_000_000m, ["", "ms", "milli", "millis", "millisecond", "milliseconds"]),
        (1_000_000_000m, ["s", "second", "seconds"]),
        (60_000_000_000m, ["m", "minute", "minutes"]),
        (3_600_000_000_000m, ["h", "hour", "hours"]),
        (86_400_000_000_000m, ["d", "day", "days"]));

    public static bool TryParse(string text, out TimeSpan duration, out string error)
    {
        duration = default;
        if (!UnitText.TrySplit(text, out var number, out var unit, out error))
            return false;
        if (!NanosPerUnit.TryGetValue(unit, out var nanos))
        {
            error = $"'{unit}' is not a duration unit (ns, us, ms, s, m, h, d and their long spellings, lowercase)";
            return false;
        }

        try
        {
            var ticks = decimal.Truncate(number * nanos / 100m);
            if (ticks > TimeSpan.MaxValue.Ticks || ticks < TimeSpan.MinValue.Ticks)
            {
                error = $"'{text}' is out of range for a duration";
                return false;
            }

            duration = TimeSpan.FromTicks((long)ticks);
            return true;
        }
        catch (OverflowException)
        {
            error = $"'{text}' is out of range for a duration";
            return false;
        }
    }

    private static Dictionary<string, decimal> Build(params (decimal Factor, string[] Names)[] units) =>
        units.SelectMany(u => u.Names.Select(n => (n, u.Factor))).ToDictionary(p => p.n, p => p.Factor, StringComparer.Ordinal);
}
