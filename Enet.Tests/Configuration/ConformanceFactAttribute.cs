using Xunit;

namespace Enet.Tests.Configuration;

/// <summary>A fact over Lightbend's data: skipped with a message when the data is absent outside CI.</summary>
public sealed class ConformanceFactAttribute : FactAttribute
{
    public ConformanceFactAttribute()
    {
        if (ConformanceData.SkipReason is { } reason)
            Skip = reason;
    }
}
