namespace Enet.Configuration;

/// <summary>
/// HOCON.md "Size in bytes format": <c>kB</c>/<c>MB</c>… are powers of ten, <c>K</c>/<c>Ki</c>/<c>KiB</c>…
/// powers of two, a bare number is bytes. Results must fit a signed 64-bit count.
/// </summary>
internal static class SizeFormat
{
    private static readonly Dictionary<string, decimal> BytesPerUnit = Build();

    public static bool TryParse(string text, out long bytes, out string error)
    {
        bytes = 0;
        if (!UnitText.TrySplit(text, out var number, out var unit, out error))
            return false;
        if (!BytesPerUnit.TryGetValue(unit, out var factor))
        {
            error = $"'{unit}' is not a size unit (B, kB/K/KiB, MB/M/MiB, GB/G/GiB, ... and their long spellings)";
            return false;
        }

        try
        {
            var value = decimal.Truncate(number * factor);
            if (value is > long.MaxValue or < long.MinValue)
            {
                error = $"'{text}' does not fit a 64-bit byte count";
                return false;
            }

            bytes = (long)value;
            return true;
        }
        catch (OverflowException)
        {
            error = $"'{text}' does not fit a 64-bit byte count";
            return false;
        }
    }

    private static Dictionary<string, decimal> Build()
    {
        var units = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var name in new[] { "", "B", "b", "byte", "bytes" })
            units[name] = 1m;

        // Index 0 is kilo/kibi, 1 mega/mebi, ... 7 yotta/yobi.
        string[] decimalPrefixes = ["kilo", "mega", "giga", "tera", "peta", "exa", "zetta", "yotta"];
        string[] binaryPrefixes = ["kibi", "mebi", "gibi", "tebi", "pebi", "exbi", "zebi", "yobi"];
        const string letters = "KMGTPEZY";
        decimal power10 = 1m, power2 = 1m;
        for (var i = 0; i < letters.Length; i++)
        {
            power10 *= 1000m;
            power2 *= 1024m;
            var letter = letters[i].ToString();
            var decimalShort = i == 0 ? "kB" : letter + "B";
            foreach (var name in new[] { decimalShort, decimalPrefixes[i] + "byte", decimalPrefixes[i] + "bytes" })
                units[name] = power10;
            foreach (var name in new[] { letter, letter.ToLowerInvariant(), letter + "i", letter + "iB", binaryPrefixes[i] + "byte", binaryPrefixes[i] + "bytes" })
                units[name] = power2;
        }

        return units;
    }
}
