using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace ProdStock.Host.Commands;

/// <summary>
/// The usage System.CommandLine writes, followed, for the commands that start a host (serving and <c>gateway</c>), by a
/// "Settings:" section: how to pass configuration and where every setting is documented.
/// </summary>
internal sealed class SettingsHelp(HelpAction usage) : SynchronousCommandLineAction
{
    public const string Text = """
        Settings:
          Any key of appsettings.json, on the command line as --Section:Key=value (or --Section:Key value),
          or as an environment variable Section__Key=value. The common ones:
            --ProdStock:Grpc:Port=10086   --ProdStock:Rest:Port=9468   --ProdStock:Management:Port=9469
            --ProdStock:Tls:CaCertificatePath=certs/ca.pem   --ProdStock:Store:Provider=Sqlite|Postgres|Memory
            --ProdStock:Store:Path=data/prodstock.db   --Logging:LogLevel:Default=Debug
          The host's own: --environment NAME (Production unless set; 'dotnet run' uses Development), --urls, --contentRoot.
          Every setting, its default and its meaning: README.md, section "Configuration".
          An invalid setting stops the host with exit code 2, naming it; a bad command line exits 64.
        """;

    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        var exitCode = usage.Invoke(parseResult);
        if (parseResult.CommandResult.Command is RootCommand || parseResult.CommandResult.Command.Name == "gateway")
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Text);
        }

        return exitCode;
    }
}
