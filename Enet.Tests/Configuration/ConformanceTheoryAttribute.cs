using Xunit;

namespace Enet.Tests.Configuration;

/// <summary>A theory over Lightbend's data: skipped with a message when the data is absent outside CI.</summary>
public sealed class ConformanceTheoryAttribute : TheoryAttribute
{
    public ConformanceTheoryAttribute()
    {
        if (ConformanceData.SkipReason is { } reason)
            Skip = reason;
    }
}
