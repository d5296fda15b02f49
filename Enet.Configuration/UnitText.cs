using System.Globalization;

namespace Enet.Configuration;

/// <summary>HOCON.md "Units format": a number, optional whitespace, then a unit made of letters at the end.</summary>
internal static class UnitText
{
    public static bool TrySplit(string text, out decimal number, out string unit, out string error)
    {
        var trimmed = text.Trim();
        var unitStart = trimmed.Length;
        while (unitStart > 0 && char.IsLetter(trimmed[unitStart - 1]))
            unitStart--;
        unit = trimmed[unitStart..];
        var numberText = trimmed[..unitStart].Trim();
        error = "";
        if (decimal.TryParse(numberText, NumberStyles.Float, CultureInfo.InvariantCulture, out number))
            return true;
        error = numberText.Length == 0 ? $"'{text}' has no number before its unit" : $"'{numberText}' in '{text}' is not a number";
        return false;
    }
}
