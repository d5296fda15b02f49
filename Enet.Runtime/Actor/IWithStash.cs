namespace Enet.Runtime.Actor;

/// <summary>Actors implementing this get a <see cref="IStash"/> injected before PreStart.</summary>
public interface IWithStash
{
    IStash Stash { get; set; }
}
