namespace Enet.Configuration;

/// <summary>
/// A configuration that cannot be parsed, resolved or read as asked. The message always starts with
/// <c>file:line:column:</c> when the place is known, so a user can jump straight to it.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException(ConfigOrigin? origin, string reason, Exception? inner = null)
        : base(Format(origin, reason), inner)
    {
        File = origin?.Description;
        Line = origin?.Line ?? 0;
        Column = origin?.Column ?? 0;
        Reason = reason;
    }

    /// <summary>The file (or description such as <c>string</c>) the problem is in; null when unknown.</summary>
    public string? File { get; }

    /// <summary>1-based line; 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based column; 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>The message without the location prefix.</summary>
    public string Reason { get; }

    /// <summary>
    /// The error is a substitution cycle, which an optional substitution treats as undefined
    /// (HOCON.md "Self-Referential Substitutions").
    /// </summary>
    internal bool IsCycle { get; init; }

    private static string Format(ConfigOrigin? origin, string reason) =>
        origin is null ? reason : $"{origin}: {reason}";
}
