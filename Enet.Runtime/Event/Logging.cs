using Enet.Runtime.Actor;

namespace Enet.Runtime.Event;

/// <summary>Entry point for actor logging: <c>Context.GetLogger()</c>.</summary>
public static class Logging
{
    public static ILoggingAdapter GetLogger(this IActorContext context) =>
        new LoggingAdapter(context.System, context.Self.Path.ToString(), context.Props.Type);
}
