namespace Enet.Runtime.Event;

public sealed class Error(string logSource, Type logClass, string message, Exception? cause = null)
    : LogEvent(logSource, logClass, message, cause)
{
    public override LogLevel LogLevel() => Event.LogLevel.ErrorLevel;
}
