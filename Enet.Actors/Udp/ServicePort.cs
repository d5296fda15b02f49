using Enet.Actors.Inet;
using Akka.Actor;

namespace Enet.Actors.Udp;

/// <summary>A UDP service's port on both families: gen_udp has no dual-stack socket, so an inet socket and, where the
/// interface has IPv6, an inet6 one, both active and owned by the service.</summary>
internal static class ServicePort
{
    public static void Open(IActorRef udp, ushort port, IActorRef service)
    {
        udp.Tell(new Udp.Open(port, [InetOption.Active(true)]), service);
        udp.Tell(new Udp.Open(port, [InetOption.Active(true), InetOption.Family(InetFamily.Inet6)]), service);
    }

    /// <summary>The inet6 open on an interface without IPv6 (eafnosupport): not a failure of the service.</summary>
    public static bool NoIpv6(Udp.Error error) =>
        error is { Reason: Posix.Eafnosupport, Command: Udp.Open open } && open.Options?.Contains(InetOption.Family(InetFamily.Inet6)) == true;
}
