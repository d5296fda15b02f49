namespace Enet.Runtime.Actor;

/// <summary>Set messages aside and bring them back later, in their original order, ahead of the mailbox.</summary>
public interface IStash
{
    /// <summary>Stashes the message being processed.</summary>
    void Stash();

    void Unstash();

    void UnstashAll();
}
