namespace Enet.Actors.Inet;

/// <summary>
/// The <c>{active, ...}</c> option (inet(3)): <see cref="True"/> delivers every datagram to the owner,
/// <see cref="False"/> keeps them for recv, <see cref="Once"/> delivers one then turns passive, and
/// <see cref="Count"/>(N) delivers N then turns passive with a <c>udp_passive</c> message. A counter
/// <see cref="Count"/> is what getopts reports; a setting <see cref="Count"/> is added to the socket's counter.
/// </summary>
public readonly record struct ActiveMode
{
    /// <summary>Range of N in <c>{active, N}</c>; a sum outside it is einval (probed on OTP 25).</summary>
    public const int MinCount = short.MinValue, MaxCount = short.MaxValue;

    public static readonly ActiveMode True = new(ActiveModeKind.True, 0);
    public static readonly ActiveMode False = new(ActiveModeKind.False, 0);
    public static readonly ActiveMode Once = new(ActiveModeKind.Once, 0);

    private ActiveMode(ActiveModeKind kind, int n)
    {
        Kind = kind;
        N = n;
    }

    public ActiveModeKind Kind { get; }

    /// <summary>For <see cref="ActiveModeKind.Count"/>: the number (added when set, the counter when read).</summary>
    public int N { get; }

    public static ActiveMode Count(int n) => new(ActiveModeKind.Count, n);

    /// <summary>The mode after setting <paramref name="requested"/> on a socket in this one: {active, N} adds N to the
    /// counter (0 unless already counting); an N outside -32768..32767 or a sum above 32767 is einval, a sum at or
    /// below 0 turns the socket passive (inet(3), probed on OTP 25). Any other mode simply replaces this one.</summary>
    public InetResult<ActiveMode> Then(ActiveMode requested)
    {
        if (requested.Kind != ActiveModeKind.Count)
            return requested;
        if (requested.N is < MinCount or > MaxCount)
            return Posix.Einval;
        var sum = (Kind == ActiveModeKind.Count ? N : 0) + requested.N;
        if (sum > MaxCount)
            return Posix.Einval;
        return sum <= 0 ? False : Count(sum);
    }

    public override string ToString() => Kind switch
    {
        ActiveModeKind.True => "true",
        ActiveModeKind.False => "false",
        ActiveModeKind.Once => "once",
        _ => N.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
