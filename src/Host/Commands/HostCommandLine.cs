using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace ProdStock.Host.Commands;

/// <summary>
/// The host's command line (System.CommandLine): without a command it serves; <c>certs</c>, <c>proto</c> and
/// <c>gateway</c> are commands; <c>--help</c> on any of them prints its usage. Configuration arguments are taken apart
/// first (<see cref="ConfigurationArguments"/>), so anything else that is unknown is an error with a suggestion.
/// </summary>
internal static class HostCommandLine
{
    /// <summary>The exit code of a command line that cannot be used (BSD's EX_USAGE).</summary>
    public const int UsageExitCode = 64;

    /// <summary>Runs what <paramref name="args"/> ask for and returns the process exit code.</summary>
    /// <param name="args">The process arguments.</param>
    /// <param name="output">Where usage and results go.</param>
    /// <param name="error">Where errors go.</param>
    /// <param name="serve">Builds and runs the host (serving, or the remote gateway); returns its exit code.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<HostLaunch, Task<int>> serve)
    {
        var arguments = ConfigurationArguments.Split(HelpWord(args));
        if (arguments.Error is { } problem)
        {
            await error.WriteLineAsync(problem).ConfigureAwait(false);
            await error.WriteLineAsync(SeeHelp(null)).ConfigureAwait(false);
            return UsageExitCode;
        }

        var verbose = new Option<bool>("--verbose")
        {
            Description = "Report a start-up failure with its stack trace (so does Debug logging).",
            Recursive = true,
        };
        var root = new RootCommand("ProdStock: a product-stock service over gRPC (mutual TLS), with a REST/JSON gateway. Without a command it serves.")
        {
            verbose,
        };
        root.Subcommands.Add(new CertsCommand(TimeProvider.System).Create());
        root.Subcommands.Add(new ProtoCommand().Create());
        root.Subcommands.Add(new GatewayCommand(arguments.Settings, serve, verbose).Create());
        root.SetAction(parse => serve(new HostLaunch(arguments.Settings, parse.GetValue(verbose))));
        var help = root.Options.OfType<HelpOption>().Single();
        if (help.Action is HelpAction usage)
        {
            help.Action = new SettingsHelp(usage);
        }

        return await InvokeAsync(root, arguments.Others, output, error, parse =>
            // Settings configure a host; certs and proto have none to take.
            arguments.Settings.Count > 0 && parse.Action is not SettingsHelp && parse.CommandResult.Command is { } command && command != root && command.Name != "gateway"
                ? $"'{arguments.Settings[0]}': {command.Name} takes no configuration settings; they apply to serving and to gateway."
                : null).ConfigureAwait(false);
    }

    /// <summary>Runs one command on its own (<c>COMMAND arguments…</c>), as the host's command line would.</summary>
    public static Task<int> RunCommandAsync(Command command, IReadOnlyList<string> arguments, TextWriter output, TextWriter error) =>
        InvokeAsync(new RootCommand { command }, [command.Name, .. arguments], output, error, _ => null);

    /// <summary>Parses strictly and invokes; a parse error (or <paramref name="refuse"/>'s reason) exits <see cref="UsageExitCode"/>.</summary>
    private static async Task<int> InvokeAsync(RootCommand root, IReadOnlyList<string> tokens, TextWriter output, TextWriter error, Func<ParseResult, string?> refuse)
    {
        var parse = root.Parse(tokens, new ParserConfiguration { ResponseFileTokenReplacer = null });
        // The host handles SIGTERM and Ctrl+C itself (graceful stop, exit 0); System.CommandLine would exit 143 instead.
        var invocation = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        var command = parse.CommandResult.Command == root ? null : parse.CommandResult.Command.Name;
        if (parse.Action is ParseErrorAction errorAction)
        {
            // The error and its suggestions ("Did you mean …") both go to standard error.
            errorAction.ShowHelp = false;
            await parse.InvokeAsync(new InvocationConfiguration { Output = error, Error = error }).ConfigureAwait(false);
            await error.WriteLineAsync(SeeHelp(command)).ConfigureAwait(false);
            return UsageExitCode;
        }

        if (refuse(parse) is { } reason)
        {
            await error.WriteLineAsync(reason).ConfigureAwait(false);
            await error.WriteLineAsync(SeeHelp(command)).ConfigureAwait(false);
            return UsageExitCode;
        }

        return await parse.InvokeAsync(invocation).ConfigureAwait(false);
    }

    /// <summary><c>help</c> and <c>help COMMAND</c> mean <c>--help</c> and <c>COMMAND --help</c>, as they did before.</summary>
    private static string[] HelpWord(string[] args) => args switch
    {
        ["help"] => ["--help"],
        ["help", var command] => [command, "--help"],
        _ => args,
    };

    private static string SeeHelp(string? command) =>
        command is null ? "Run 'ProdStock.Host --help' for usage." : $"Run 'ProdStock.Host {command} --help' for usage.";
}
