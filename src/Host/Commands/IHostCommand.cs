namespace ProdStock.Host.Commands;

/// <summary>A command of the host executable other than serving (<c>ProdStock.Host &lt;command&gt; [options]</c>).</summary>
internal interface IHostCommand
{
    /// <summary>The word that selects the command.</summary>
    string Name { get; }

    /// <summary>One line for the usage text.</summary>
    string Summary { get; }

    /// <summary>Runs the command with the arguments after its name; returns the process exit code.</summary>
    Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, TextWriter error);
}
