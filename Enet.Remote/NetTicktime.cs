namespace Enet.Remote;

/// <summary>
/// What net_kernel:set_net_ticktime/2 and get_net_ticktime/0 answer: <c>unchanged</c>, <c>change_initiated</c>
/// or <c>{ongoing_change_to, T}</c>, with the ticktime the status is about.
/// </summary>
public sealed record NetTicktime(string Status, TimeSpan Ticktime)
{
    public const string Unchanged = "unchanged";
    public const string ChangeInitiated = "change_initiated";
    public const string OngoingChangeTo = "ongoing_change_to";
}
