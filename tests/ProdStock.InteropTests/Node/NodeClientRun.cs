using System.Text.Json;

namespace ProdStock.InteropTests.Node;

/// <summary>One run of node-client/client.js: its exit code, its output, and the JSON object it printed per call.</summary>
public sealed class NodeClientRun
{
    private NodeClientRun(int exitCode, string transcript, string orderNo, IReadOnlyList<JsonElement> lines, IReadOnlyList<string> unreadable)
    {
        ExitCode = exitCode;
        Transcript = transcript;
        OrderNo = orderNo;
        Lines = lines;
        UnreadableLines = unreadable;
    }

    public int ExitCode { get; }

    /// <summary>Command line, exit code, stdout and stderr: the reason text of every assertion on this run.</summary>
    public string Transcript { get; }

    /// <summary>The order number the run's NewOrder calls used.</summary>
    public string OrderNo { get; }

    /// <summary>The JSON objects of stdout, in the order printed.</summary>
    public IReadOnlyList<JsonElement> Lines { get; }

    /// <summary>Lines of stdout that are not JSON objects (there should be none).</summary>
    public IReadOnlyList<string> UnreadableLines { get; }

    internal static NodeClientRun Parse(ExternalProcess.Result result, string orderNo)
    {
        var lines = new List<JsonElement>();
        var unreadable = new List<string>();
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    lines.Add(document.RootElement.Clone());
                    continue;
                }
            }
            catch (JsonException)
            {
            }

            unreadable.Add(line);
        }

        return new NodeClientRun(result.ExitCode, result.ToString(), orderNo, lines, unreadable);
    }

    /// <summary>The lines of one call, in the order printed.</summary>
    public IReadOnlyList<JsonElement> Calls(string call) =>
        Lines.Where(l => l.TryGetProperty("call", out var name) && name.ValueEquals(call)).ToList();

    /// <summary>The one line of <paramref name="call"/> whose <paramref name="property"/> is <paramref name="value"/>.</summary>
    public JsonElement Call(string call, string property, int value)
    {
        var matches = Calls(call).Where(l => l.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.Number && p.GetInt32() == value).ToList();
        matches.Should().ContainSingle($"client.js prints one {call} line with {property} {value}; {Transcript}");
        return matches[0];
    }

    /// <summary>The one line of <paramref name="call"/>.</summary>
    public JsonElement Call(string call)
    {
        var matches = Calls(call);
        matches.Should().ContainSingle($"client.js prints one {call} line; {Transcript}");
        return matches[0];
    }
}
