namespace Enet.Actors.Inet;

/// <summary>What an inet function returns: <c>{ok, Value}</c> or <c>{error, Reason}</c>.</summary>
public readonly record struct InetResult<T>
{
    private readonly T? value;

    private InetResult(T? value, Posix? error)
    {
        this.value = value;
        Error = error;
    }

    public static InetResult<T> Ok(T value) => new(value, null);

    public static InetResult<T> Fail(Posix error) => new(default, error);

    public static implicit operator InetResult<T>(T value) => Ok(value);

    public static implicit operator InetResult<T>(Posix error) => Fail(error);

    public bool IsOk => Error is null;

    /// <summary>The reason, null when ok.</summary>
    public Posix? Error { get; }

    public T Value => IsOk ? value! : throw new InvalidOperationException($"{{error,{Inet.Atom(Error!.Value)}}} has no value");

    public override string ToString() => IsOk ? $"{{ok,{value}}}" : $"{{error,{Inet.Atom(Error!.Value)}}}";
}
