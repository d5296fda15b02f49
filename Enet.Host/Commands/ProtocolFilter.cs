using Enet.Codecs.Frames;

namespace Enet.Host.Commands;

/// <summary>`--protocol NAME` (repeatable): a frame passes when it carries any of the named layers; no names pass every frame.</summary>
internal sealed class ProtocolFilter(IReadOnlyCollection<string> protocols)
{
    /// <summary>The names `--protocol` accepts, each tested against the decoded layer of that name.</summary>
    public static IReadOnlyDictionary<string, Func<Frame, bool>> Layers => FrameLayers.ByName;

    private readonly Func<Frame, bool>[] tests = [.. protocols.Select(p => Layers[p])];

    public bool Matches(Frame frame) => tests.Length == 0 || tests.Any(test => test(frame));
}
