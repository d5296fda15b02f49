namespace Enet.Actors.Inet;

public enum ActiveModeKind
{
    False,
    True,
    Once,
    Count,
}
