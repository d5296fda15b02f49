using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Enet.Runtime.Actor;

internal sealed partial class ActorCell
{
    // Concurrent because system.ActorOf adds top-level actors from any thread and selections read from any thread.
    private readonly ConcurrentDictionary<string, LocalActorRef> _children = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, ChildRestartStats> _restartStats = [];
    private readonly HashSet<IActorRef> _stoppingChildren = [];
    private long _nameCounter;

    public IReadOnlyCollection<IActorRef> Children => [.. _children.Values];

    internal IEnumerable<LocalActorRef> ChildRefs => _children.Values;

    public IActorRef Child(string name) => _children.TryGetValue(name, out var child) ? child : ActorRefs.Nobody;

    public IActorRef ActorOf(Props props, string? name = null) => ActorOf(props, name, isGuardian: false);

    public ActorSelection ActorSelection(string path) => System.SelectFrom(SelfRef, path);

    public void Stop(IActorRef actor)
    {
        if (actor is not IInternalActorRef target)
        {
            return;
        }

        if (actor is LocalActorRef child && _children.TryGetValue(child.Path.Name, out var known) && known == child)
        {
            _stoppingChildren.Add(child);
        }

        target.SendSystemMessage(SystemMessage.Terminate.Instance);
    }

    internal IActorRef ActorOf(Props props, string? name, bool isGuardian)
    {
        ArgumentNullException.ThrowIfNull(props);
        name = name is null ? NextName() : ValidName(name);
        var cell = new ActorCell(System, props, SelfRef.Path / name, SelfRef, isGuardian);
        if (!_children.TryAdd(name, cell.SelfRef))
        {
            throw new InvalidActorNameException($"Actor name [{name}] is not unique under {Self.Path}");
        }

        cell.SelfRef.SendSystemMessage(SystemMessage.Create.Instance);
        return cell.SelfRef;
    }

    internal bool TryGetChild(string name, [NotNullWhen(true)] out LocalActorRef? child) => _children.TryGetValue(name, out child);

    internal ChildRestartStats RestartStatsOf(IActorRef child)
    {
        if (!_restartStats.TryGetValue(child, out var stats))
        {
            stats = new ChildRestartStats();
            _restartStats[child] = stats;
        }

        return stats;
    }

    private void OnChildTerminated(LocalActorRef child)
    {
        _children.TryRemove(new KeyValuePair<string, LocalActorRef>(child.Path.Name, child));
        _restartStats.Remove(child);
        _stoppingChildren.Remove(child);
        if (_terminating)
        {
            if (_children.IsEmpty)
            {
                FinishTerminate();
            }
        }
        else if (_pendingRestart is { } cause && _stoppingChildren.Count == 0)
        {
            FinishRecreate(cause);
        }
    }

    private string NextName()
    {
        // "$a", "$b", ... "$ba": generated names start with '$', which user names may not.
        var n = Interlocked.Increment(ref _nameCounter);
        var chars = new Stack<char>();
        do
        {
            chars.Push((char)('a' + (n % 26)));
            n /= 26;
        }
        while (n > 0);
        return "$" + new string([.. chars]);
    }

    private static string ValidName(string name)
    {
        if (name.Length == 0 || name[0] == '$' || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || "-_.:@&=+,!~';".Contains(c))))
        {
            throw new InvalidActorNameException($"Invalid actor name [{name}]: use ASCII letters, digits and -_.:@&=+,!~'; and do not start with '$'");
        }

        return name;
    }
}
