namespace Enet.Configuration;

/// <summary>How an include statement names its resource (HOCON.md "Include syntax").</summary>
internal enum IncludeKind
{
    /// <summary>A bare quoted string: a URL if it looks like one, else a file beside the including one, else a resource.</summary>
    Heuristic,
    File,
    Classpath,
    Url,
}
