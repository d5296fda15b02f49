using Spectre.Console;

namespace Enet.Host.Status;

/// <summary>
/// Shows the status until <c>stop</c>: a live table redrawn every <c>refresh</c>, or a line through <c>log</c> every
/// <c>interval</c>; then the final counters once more (Ctrl-C's summary). The counters come from <c>collect</c>, so
/// a test can drive the display with numbers of its own.
/// </summary>
public static class StatusDisplay
{
    public static async Task RunTableAsync(IAnsiConsole console, Func<Task<InterfaceStatus[]>> collect, TimeSpan refresh, CancellationToken stop)
    {
        var last = await collect();
        await console.Live(StatusTable.Render(last, DateTimeOffset.Now)).AutoClear(true).StartAsync(async live =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(refresh, stop).ContinueWith(_ => { }, TaskScheduler.Default);
                if (stop.IsCancellationRequested)
                    break;
                last = await collect();
                live.UpdateTarget(StatusTable.Render(last, DateTimeOffset.Now));
            }
        });
        // The live view clears itself; the last counters stay on screen as a plain table.
        console.Write(StatusTable.Render(await collect(), DateTimeOffset.Now));
    }

    public static async Task RunPlainAsync(Action<string> log, Func<Task<InterfaceStatus[]>> collect, TimeSpan interval, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(interval, stop).ContinueWith(_ => { }, TaskScheduler.Default);
            if (!stop.IsCancellationRequested)
                log("status " + Line(await collect()));
        }
        log("final " + Line(await collect()));
    }

    public static string Line(IEnumerable<InterfaceStatus> interfaces) => string.Join("; ", interfaces);
}
