namespace Enet.Runtime.Actor;

/// <summary>Replies that report an outcome; a <see cref="Failure"/> reply fails an Ask with its cause.</summary>
public abstract class Status
{
    private Status()
    {
    }

    public sealed class Success(object? status) : Status
    {
        public object? Status { get; } = status;
    }

    public sealed class Failure(Exception cause) : Status
    {
        public Exception Cause { get; } = cause;
    }
}
