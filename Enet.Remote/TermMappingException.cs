namespace Enet.Remote;

/// <summary>A term that has no C# value of the requested type, or a C# value that has no term.</summary>
public sealed class TermMappingException(string message) : Exception(message);
