namespace Enet.Runtime.Actor;

/// <summary>Restarts of one child within the current time window, kept by its supervisor.</summary>
internal sealed class ChildRestartStats
{
    private int _restarts;
    private DateTimeOffset? _windowStart;

    /// <summary>Counts a restart and says whether it stays within <paramref name="maxRetries"/> (negative: unlimited)
    /// in <paramref name="window"/> (null: forever). A new window starts when the old one has passed.</summary>
    public bool RequestRestartPermission(DateTimeOffset now, int maxRetries, TimeSpan? window)
    {
        if (maxRetries == 0)
        {
            return false;
        }

        if (window is { } length && (_windowStart is not { } start || now - start > length))
        {
            _windowStart = now;
            _restarts = 0;
        }

        _restarts++;
        return maxRetries < 0 || _restarts <= maxRetries;
    }
}
