namespace Enet.TestKit.TcpScripts;

/// <summary>A script line that does not parse, or a core that did not do what the line says.</summary>
public sealed class TcpScriptException(int line, string text, string problem)
    : Exception($"line {line} `{text}`: {problem}");
