namespace Enet.Runtime.Event;

public sealed class Warning(string logSource, Type logClass, string message, Exception? cause = null)
    : LogEvent(logSource, logClass, message, cause)
{
    public override LogLevel LogLevel() => Event.LogLevel.WarningLevel;
}
