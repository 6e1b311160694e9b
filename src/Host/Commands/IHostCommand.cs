using System.CommandLine;

namespace ProdStock.Host.Commands;

/// <summary>A command of the host executable other than serving (<c>ProdStock.Host &lt;command&gt; [options]</c>).</summary>
internal interface IHostCommand
{
    /// <summary>The command with its own options, help and action (System.CommandLine).</summary>
    Command Create();
}
