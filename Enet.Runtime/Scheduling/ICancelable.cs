namespace Enet.Runtime.Scheduling;

/// <summary>A handle on scheduled work that can be called off.</summary>
public interface ICancelable
{
    bool IsCancellationRequested { get; }

    void Cancel();
}
