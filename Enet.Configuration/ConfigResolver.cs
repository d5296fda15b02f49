namespace Enet.Configuration;

/// <summary>
/// Replaces every substitution in an unresolved tree (HOCON.md "Substitutions" and "Self-Referential
/// Substitutions"). Lookups "look forward" through the whole tree, lazily, resolving only what the
/// path needs; while a field's layer holding a substitution is being resolved, lookups of that field
/// see only the layers below it, which is how <c>a = ${a} [x]</c> looks backward. Every resolved node
/// is memoized by identity so each substitution instance has one value. A node met again while it is
/// still being resolved is a cycle and an error, and the recursion depth is bounded.
/// </summary>
internal sealed class ConfigResolver
{
    private const int MaxDepth = 400;

    private readonly ConfigObject _root;
    private readonly bool _useEnvironment;
    private readonly Dictionary<ConfigValue, ConfigValue?> _memo = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<ConfigValue> _resolving = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<ConfigValue, int> _lookingBack = new(ReferenceEqualityComparer.Instance);
    private readonly List<ConfigSubstitution> _trail = [];
    private bool _metSelf;
    private int _depth;

    private ConfigResolver(ConfigObject root, bool useEnvironment)
    {
        _root = root;
        _useEnvironment = useEnvironment;
    }

    /// <param name="useEnvironment">Whether a path missing from the tree falls back to an environment variable of the same name.</param>
    public static ConfigObject Resolve(ConfigObject root, bool useEnvironment) =>
        (ConfigObject)(new ConfigResolver(root, useEnvironment).ResolveNode(root) ?? new ConfigObject(root.Origin));

    /// <summary>One value of a field: <paramref name="Owner"/> is the field's node, <paramref name="Index"/> the layer in it.</summary>
    private readonly record struct Layer(ConfigValue Owner, int Index, ConfigValue Node);

    /// <summary>Resolves a node; null means an optional substitution found nothing, so the value is absent.</summary>
    private ConfigValue? ResolveNode(ConfigValue node)
    {
        if (node is ConfigString or ConfigNumber or ConfigBoolean or ConfigNull)
            return node;
        if (_memo.TryGetValue(node, out var memoized))
            return memoized;
        if (_depth >= MaxDepth)
            throw new ConfigException(node.Origin, $"substitutions and nesting go more than {MaxDepth} levels deep");
        if (!_resolving.Add(node))
            throw CycleError(node);
        _depth++;
        try
        {
            var value = node switch
            {
                ConfigObject obj => ResolveObject(obj),
                ConfigList list => new ConfigList(list.Origin, list.Select(ResolveNode).OfType<ConfigValue>()),
                ConfigSubstitution substitution => Lookup(substitution),
                ConfigConcatenation concatenation => ResolveConcatenation(concatenation),
                ConfigMergeStack stack => ResolveLayers(Expand(stack)),
                _ => throw new InvalidOperationException($"unknown node {node.GetType().Name}"),
            };
            _memo[node] = value;
            return value;
        }
        finally
        {
            _depth--;
            _resolving.Remove(node);
        }
    }

    private ConfigObject ResolveObject(ConfigObject obj)
    {
        var fields = new List<KeyValuePair<string, ConfigValue>>(obj.Count);
        foreach (var (key, node) in obj)
        {
            if (ResolveLayers(Expand(node)) is { } value)
                fields.Add(new(key, value));
        }

        return new ConfigObject(obj.Origin, fields);
    }

    /// <summary>The layers of a field, latest first, minus those hidden because the field is looking back past them.</summary>
    private IEnumerable<Layer> Expand(ConfigValue node)
    {
        var layers = node is ConfigMergeStack stack ? stack.Layers : [node];
        var lookingBack = _lookingBack.TryGetValue(node, out var index);
        var top = lookingBack ? index : layers.Count;
        if (lookingBack && top == 0)
            _metSelf = true;
        for (var i = top - 1; i >= 0; i--)
            yield return new Layer(node, i, layers[i]);
    }

    /// <summary>
    /// Merges layers latest first: objects merge, the first non-object ends the merge, and a layer that
    /// resolves to nothing (an undefined optional substitution) leaves the earlier value in place.
    /// Lower layers are not even resolved once a non-object hides them (HOCON.md: <c>foo : ${does-not-exist}, foo : 42</c> is fine).
    /// </summary>
    private ConfigValue? ResolveLayers(IEnumerable<Layer> layers)
    {
        var objects = new List<ConfigObject>();
        foreach (var layer in layers)
        {
            var value = ResolveLayer(layer);
            if (value is null)
                continue;
            if (value is ConfigObject obj)
            {
                objects.Add(obj);
                continue;
            }

            if (objects.Count == 0)
                return value;
            break;
        }

        return objects.Count switch
        {
            0 => null,
            1 => objects[0],
            _ => ConfigMerge.Merge(objects),
        };
    }

    /// <summary>A substitution or concatenation layer may refer to its own field; while it resolves, that field looks back.</summary>
    private ConfigValue? ResolveLayer(Layer layer)
    {
        if (layer.Node is not (ConfigSubstitution or ConfigConcatenation))
            return ResolveNode(layer.Node);

        var had = _lookingBack.TryGetValue(layer.Owner, out var previous);
        _lookingBack[layer.Owner] = layer.Index;
        try
        {
            return ResolveNode(layer.Node);
        }
        finally
        {
            if (had)
                _lookingBack[layer.Owner] = previous;
            else
                _lookingBack.Remove(layer.Owner);
        }
    }

    /// <summary>
    /// HOCON.md "Include semantics: substitution": in an included file the path is tried below the
    /// include point first, then from the root; then the environment (HOCON.md "Substitution fallback
    /// to environment variables").
    /// </summary>
    private ConfigValue? Lookup(ConfigSubstitution substitution)
    {
        _trail.Add(substitution);
        var metSelfBefore = _metSelf;
        _metSelf = false;
        try
        {
            var value = FindOrCycle(substitution);
            if (value is null && !substitution.Optional)
            {
                if (_metSelf)
                    throw new ConfigException(substitution.Origin,
                        $"substitution {substitution} cannot be resolved: it is part of a cycle ({Chain()}) with no earlier value to look back to") { IsCycle = true };
                throw new ConfigException(substitution.Origin,
                    $"substitution {substitution} is not defined (no such path{(_useEnvironment ? " and no environment variable" : "")}); use ${{?...}} if it is optional");
            }

            return value;
        }
        finally
        {
            _metSelf = metSelfBefore || _metSelf;
            _trail.RemoveAt(_trail.Count - 1);
        }
    }

    /// <summary>An optional substitution whose target runs into a cycle is simply undefined.</summary>
    private ConfigValue? FindOrCycle(ConfigSubstitution substitution)
    {
        try
        {
            return (substitution.Prefix.Count > 0 ? Find([.. substitution.Prefix, .. substitution.Path]) : null)
                ?? Find(substitution.Path)
                ?? FromEnvironment(substitution);
        }
        catch (ConfigException e) when (e.IsCycle && substitution.Optional)
        {
            return null;
        }
    }

    private ConfigValue? FromEnvironment(ConfigSubstitution substitution)
    {
        if (!_useEnvironment)
            return null;
        var name = string.Join('.', substitution.Path);
        return Environment.GetEnvironmentVariable(name) is { } text
            ? new ConfigString(new ConfigOrigin("env:" + name, 1, 1), text)
            : null;
    }

    private ConfigValue? Find(IReadOnlyList<string> path)
    {
        IEnumerable<Layer> layers = [new Layer(_root, 0, _root)];
        foreach (var key in path)
            layers = Children(layers, key);
        return ResolveLayers(layers);
    }

    /// <summary>
    /// The layers of <paramref name="key"/> inside the merged value of <paramref name="parents"/>, walking
    /// object literals without resolving them so an object may refer to its own fields.
    /// </summary>
    private IEnumerable<Layer> Children(IEnumerable<Layer> parents, string key)
    {
        foreach (var parent in parents)
        {
            var node = parent.Node;
            if (node is ConfigSubstitution or ConfigConcatenation)
                node = ResolveLayer(parent);
            if (node is null)
                continue;
            if (node is not ConfigObject obj)
                yield break;
            if (!obj.TryGetValue(key, out var child))
                continue;
            foreach (var layer in Expand(child))
                yield return layer;
        }
    }

    /// <summary>
    /// HOCON.md "Value concatenation": strings join with their inner whitespace, arrays append, objects
    /// merge. An undefined optional part counts as empty (HOCON.md "Substitutions"), so whitespace next to
    /// it stays; only a concatenation of nothing but undefined parts is itself undefined.
    /// </summary>
    private ConfigValue? ResolveConcatenation(ConfigConcatenation concatenation)
    {
        var values = new List<ConfigValue>();
        foreach (var part in concatenation.Parts)
        {
            if (ResolveNode(part) is { } value)
                values.Add(value);
        }

        if (values.Count == 0)
            return null;

        var solid = values.Where(v => v is not ConfigString { IsWhitespace: true }).ToList();
        if (solid.Exists(v => v is ConfigList))
            solid = solid.Select(v => v is ConfigObject obj && ConfigList.FromNumericKeys(obj) is { } list ? list : v).ToList();
        if (solid.Count == 1 && values.Count == 1)
            return solid[0];
        if (solid.Count > 0 && solid.TrueForAll(v => v is ConfigObject))
            return ConfigMerge.Merge(solid.Cast<ConfigObject>().Reverse().ToList());
        if (solid.Count > 0 && solid.TrueForAll(v => v is ConfigList))
            return new ConfigList(solid[0].Origin, solid.Cast<ConfigList>().SelectMany(l => l));
        var mixed = solid.Find(v => v is ConfigObject or ConfigList);
        if (mixed is not null)
        {
            var other = solid.First(v => ConfigMerge.Describe(v) != ConfigMerge.Describe(mixed));
            throw new ConfigException(concatenation.Origin,
                $"cannot concatenate {ConfigMerge.Describe(mixed)} with {ConfigMerge.Describe(other)} (HOCON.md \"Value concatenation\")");
        }

        return new ConfigString(concatenation.Origin, string.Concat(values.Select(v => v.ToString())));
    }

    private string Chain() => string.Join(" -> ", _trail.Select(s => s.ToString()));

    private ConfigException CycleError(ConfigValue node)
    {
        var at = _trail.Count > 0 ? _trail[^1].Origin : node.Origin;
        return new ConfigException(at, $"substitution cycle: {Chain()} needs a value that is still being resolved") { IsCycle = true };
    }
}
