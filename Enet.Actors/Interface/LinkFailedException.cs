namespace Enet.Actors.Interface;

/// <summary>The link under an interface failed or vanished (a deleted TAP device, a closed namespace).
/// Restarting does not bring a device back, so supervisors stop the interface and report it.</summary>
public sealed class LinkFailedException(string link, Exception cause)
    : Exception($"link {link} failed: {cause.Message}", cause)
{
    public string Link { get; } = link;
}
