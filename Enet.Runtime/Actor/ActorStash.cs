using Enet.Runtime.Dispatch;

namespace Enet.Runtime.Actor;

/// <summary>The cell's stash; it outlives restarts (stashed messages are unstashed then) and dies with the actor.</summary>
internal sealed class ActorStash(ActorCell cell) : IStash
{
    private readonly List<Envelope> _stashed = [];

    public void Stash()
    {
        var current = cell.CurrentEnvelope;
        if (current.Message is null)
        {
            throw new InvalidOperationException("Stash() is only valid while processing a message");
        }

        _stashed.Add(current);
    }

    public void Unstash()
    {
        if (_stashed.Count == 0)
        {
            return;
        }

        var first = _stashed[0];
        _stashed.RemoveAt(0);
        cell.Mailbox.Prepend([first]);
    }

    public void UnstashAll()
    {
        if (_stashed.Count == 0)
        {
            return;
        }

        cell.Mailbox.Prepend(_stashed.ToArray());
        _stashed.Clear();
    }

    public void DropToDeadLetters()
    {
        foreach (var envelope in _stashed)
        {
            cell.DeadLetter(envelope);
        }

        _stashed.Clear();
    }
}
