using System.CommandLine;
using Enet.Configuration;

namespace Enet.Host.Commands;

/// <summary>
/// <c>enet config FILE [--with-reference]</c>: prints the resolved configuration as JSON. A broken file
/// is one line <c>file:line:column: reason</c> on stderr and exit code 2; a missing file exit code 1.
/// </summary>
public static class ConfigCommand
{
    public const int ConfigError = 2;
    public const int MissingFile = 1;

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "HOCON (.conf), JSON or .properties file to resolve" };
        var withReference = new Option<bool>("--with-reference")
        {
            Description = "Merge Enet's built-in reference.conf as the fallback, as `enet run` does",
        };
        var command = new Command("config", "Print a configuration file resolved, as JSON");
        command.Arguments.Add(file);
        command.Options.Add(withReference);
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var path = parseResult.GetValue(file)!.FullName;
            if (!File.Exists(path))
            {
                error.WriteLine($"{parseResult.GetValue(file)!}: no such file");
                return MissingFile;
            }

            try
            {
                var config = parseResult.GetValue(withReference)
                    ? ConfigurationFactory.Load(path)
                    : ConfigurationFactory.ParseFile(path);
                output.WriteLine(config.ToString());
                return 0;
            }
            catch (ConfigException e)
            {
                error.WriteLine(e.Message.ReplaceLineEndings(" "));
                return ConfigError;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"{path}: {e.Message.ReplaceLineEndings(" ")}");
                return MissingFile;
            }
        });
        return command;
    }
}
