namespace Enet.Actors.Inet;

/// <summary>An inet call that returned {error, Reason}, for callers of the async .NET wrappers; the message is
/// inet:format_error's text.</summary>
public sealed class InetException(Posix reason) : Exception($"{Inet.Atom(reason)}: {Inet.FormatError(reason)}")
{
    public Posix Reason { get; } = reason;

    /// <summary>The exception for an error reply; any other unexpected reply is a programming error.</summary>
    public static Exception From(object reply) => reply switch
    {
        Udp.Udp.Error error => new InetException(error.Reason),
        GenTcp.GenTcp.Error error => new InetException(error.Reason),
        _ => new InvalidOperationException($"unexpected reply {reply}"),
    };
}
