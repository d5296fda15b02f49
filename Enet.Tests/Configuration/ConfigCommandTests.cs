using System.CommandLine;
using System.Text.Json;
using Enet.Host.Commands;
using Xunit;

namespace Enet.Tests.Configuration;

/// <summary><c>enet config FILE</c> through a root command, as Program.cs will register it.</summary>
public class ConfigCommandTests
{
    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(ConfigCommand.Create());
        var output = new StringWriter();
        var error = new StringWriter();
        var code = root.Parse(["config", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Prints_the_resolved_file_as_json_with_typed_scalars()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("app.conf", "a = 1\nb = ${a}\nc = true\nd = null\ne = 5s\nf = [1.5, x]\ng { h = \"quoted\" }");
        var (code, output, error) = Run(file);

        Assert.Equal(0, code);
        Assert.Equal("", error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("b").GetInt32());
        Assert.Equal(JsonValueKind.True, root.GetProperty("c").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("d").ValueKind);
        Assert.Equal("5s", root.GetProperty("e").GetString());
        Assert.Equal(1.5, root.GetProperty("f")[0].GetDouble());
        Assert.Equal("quoted", root.GetProperty("g").GetProperty("h").GetString());
        Assert.Contains("\n  \"a\": 1", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void With_reference_merges_the_built_in_defaults_under_the_file()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("app.conf", "enet.actor.throughput = 7");
        var (code, output, _) = Run(file, "--with-reference");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var enet = json.RootElement.GetProperty("enet");
        Assert.Equal(7, enet.GetProperty("actor").GetProperty("throughput").GetInt32());
        Assert.Equal("5s", enet.GetProperty("actor").GetProperty("ask-timeout").GetString());
        Assert.Equal("4 MiB", enet.GetProperty("ip").GetProperty("reassembly").GetProperty("max-bytes").GetString());

        var (_, plain, _) = Run(file);
        Assert.DoesNotContain("ask-timeout", plain);
    }

    [Fact]
    public void Broken_file_prints_one_located_line_and_exits_2()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("bad.conf", "a = 1\nb = ${nope}\n");
        var (code, output, error) = Run(file);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"{file}:2:5: ", line);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void Missing_file_exits_1()
    {
        var (code, output, error) = Run(Path.Combine(Path.GetTempPath(), "enet-no-such-" + Guid.NewGuid().ToString("N") + ".conf"));
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains("no such file", error);
    }
}
