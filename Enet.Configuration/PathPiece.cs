namespace Enet.Configuration;

/// <summary>
/// A piece of a path expression: dots split unquoted pieces into elements, never quoted ones
/// (HOCON.md "Path expressions").
/// </summary>
internal readonly record struct PathPiece(string Text, bool Quoted);
