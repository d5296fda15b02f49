namespace Enet.Runtime.Event;

/// <summary>Akka's four levels, lowest first.</summary>
public enum LogLevel
{
    DebugLevel,
    InfoLevel,
    WarningLevel,
    ErrorLevel,
}
