namespace Enet.Runtime.Actor;

/// <summary>Where an actor lives: <c>enet://system/user/a/b</c>.</summary>
public sealed class ActorPath : IEquatable<ActorPath>
{
    private readonly string _text;

    private ActorPath(string address, ActorPath? parent, string name)
    {
        Address = address;
        Parent = parent;
        Name = name;
        _text = parent is null ? address + "/" : parent.Parent is null ? parent._text + name : parent._text + "/" + name;
    }

    /// <summary>The system part, e.g. <c>enet://system</c>.</summary>
    public string Address { get; }

    /// <summary>Null for the root.</summary>
    public ActorPath? Parent { get; }

    /// <summary>Empty for the root.</summary>
    public string Name { get; }

    public IReadOnlyList<string> Elements
    {
        get
        {
            var elements = new List<string>();
            for (var path = this; path.Parent is not null; path = path.Parent)
            {
                elements.Add(path.Name);
            }

            elements.Reverse();
            return elements;
        }
    }

    public static ActorPath Root(string systemName) => new("enet://" + systemName, null, string.Empty);

    public static ActorPath operator /(ActorPath parent, string name) => parent.Child(name);

    public ActorPath Child(string name) => new(Address, this, name);

    public bool Equals(ActorPath? other) => other is not null && _text == other._text;

    public override bool Equals(object? obj) => obj is ActorPath other && Equals(other);

    public override int GetHashCode() => _text.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => _text;
}
