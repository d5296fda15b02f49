namespace Enet.Tests.Host;

/// <summary>Runs the built `enet` binary as a separate process, as a user would.</summary>
public static class EnetCommand
{
    public static ExternalProcess.Result Run(params string[] arguments)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? TestEnvironment.FindTool("dotnet") ?? "dotnet";
        return ExternalProcess.Run(dotnet, [Path.Combine(AppContext.BaseDirectory, "enet.dll"), .. arguments], TimeSpan.FromMinutes(2));
    }
}
