namespace Enet.Remote;

/// <summary>
/// kernel's dist_auto_connect: whether sending to (or monitoring) a process on an unconnected node connects
/// to it first. OTP's default connects every time; <c>once</c> connects automatically until the first nodedown
/// of that node, after which only an explicit connect_node does; <c>never</c> sends nothing.
/// </summary>
public enum DistAutoConnect
{
    Always,
    Once,
    Never,
}
