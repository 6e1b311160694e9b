namespace ProdStock.Host.Commands;

/// <summary>
/// Picks a command from the first argument. Without one (or when the first argument is an option such as
/// <c>--ProdStock:Grpc:Port=5000</c>) the host serves.
/// </summary>
internal static class HostCommandLine
{
    public const int UsageExitCode = 64;

    private static readonly IHostCommand[] Commands = [new CertsCommand(TimeProvider.System), new ProtoCommand(), new GatewayCommand()];

    /// <summary>Runs the command the arguments name and returns its exit code, or returns <see langword="null"/> to serve.</summary>
    public static async Task<int?> TryRunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0].StartsWith('-') || args[0].Contains('='))
        {
            return null;
        }

        if (args[0] is "help")
        {
            WriteUsage(output);
            return 0;
        }

        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            error.WriteLine($"unknown command '{args[0]}'.");
            WriteUsage(error);
            return UsageExitCode;
        }

        return await command.RunAsync(args[1..], output, error).ConfigureAwait(false);
    }

    private static void WriteUsage(TextWriter writer)
    {
        writer.WriteLine("usage: ProdStock.Host [--Section:Key=value ...]   serve gRPC (configuration as in appsettings.json)");
        foreach (var command in Commands)
        {
            writer.WriteLine("       ProdStock.Host " + command.Summary);
        }
    }
}
