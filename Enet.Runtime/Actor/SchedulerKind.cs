namespace Enet.Runtime.Actor;

/// <summary>Which scheduler a new system builds when no instance is given.</summary>
public enum SchedulerKind
{
    HashedWheel,
    Virtual,
}
