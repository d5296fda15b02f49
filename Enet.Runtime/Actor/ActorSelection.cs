namespace Enet.Runtime.Actor;

/// <summary>
/// A path (with optional '*' and '?' wildcards and '..') resolved against the live tree each time a message
/// is sent; a message matching no actor becomes a dead letter.
/// </summary>
public sealed class ActorSelection
{
    private readonly IActorRef _anchor;
    private readonly string[] _elements;
    private readonly ActorSystem _system;

    internal ActorSelection(ActorSystem system, IActorRef anchor, string[] elements)
    {
        _system = system;
        _anchor = anchor;
        _elements = elements;
    }

    public string PathString => _anchor.Path + string.Join('/', _elements);

    public void Tell(object message, IActorRef? sender = null)
    {
        var from = sender ?? ActorCell.Current?.Self ?? ActorRefs.NoSender;
        var targets = Resolve();
        if (targets.Count == 0)
        {
            _system.PublishDeadLetter(message, from, _system.DeadLetters);
            return;
        }

        foreach (var target in targets)
        {
            target.Tell(message, from);
        }
    }

    /// <summary>The one actor the path names, confirmed by an <see cref="Identify"/> round trip.</summary>
    public async Task<IActorRef> ResolveOne(TimeSpan timeout)
    {
        var targets = Resolve();
        if (targets.Count == 0)
        {
            throw new ActorNotFoundException($"No actor found at {PathString}");
        }

        var identity = await targets[0].Ask<ActorIdentity>(new Identify(null), timeout).ConfigureAwait(false);
        return identity.Subject ?? throw new ActorNotFoundException($"No actor found at {PathString}");
    }

    public override string ToString() => $"ActorSelection[{PathString}]";

    private List<IActorRef> Resolve()
    {
        var found = new List<IActorRef>();
        Collect(_anchor, 0, found);
        return found;
    }

    private void Collect(IActorRef current, int index, List<IActorRef> found)
    {
        if (index == _elements.Length)
        {
            found.Add(current);
            return;
        }

        if (current is not LocalActorRef local)
        {
            return;
        }

        var element = _elements[index];
        if (element == "..")
        {
            Collect(local.Cell.Parent, index + 1, found);
        }
        else if (element.AsSpan().IndexOfAny('*', '?') >= 0)
        {
            foreach (var child in local.Cell.ChildRefs.Where(c => Matches(element, c.Path.Name)))
            {
                Collect(child, index + 1, found);
            }
        }
        else if (local.Cell.TryGetChild(element, out var child))
        {
            Collect(child, index + 1, found);
        }
    }

    private static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name)
    {
        if (pattern.IsEmpty)
        {
            return name.IsEmpty;
        }

        return pattern[0] switch
        {
            '*' => Matches(pattern[1..], name) || (!name.IsEmpty && Matches(pattern, name[1..])),
            '?' => !name.IsEmpty && Matches(pattern[1..], name[1..]),
            _ => !name.IsEmpty && name[0] == pattern[0] && Matches(pattern[1..], name[1..]),
        };
    }
}
