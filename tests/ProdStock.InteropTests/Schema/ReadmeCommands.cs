using System.Text.RegularExpressions;

namespace ProdStock.InteropTests.Schema;

/// <summary>
/// Commands read out of the repository's Markdown files, so that the tests run what a reader copies and a README cannot
/// drift from what is tested.
/// </summary>
internal static partial class ReadmeCommands
{
    /// <summary>The text of the <c>## heading</c> section of <paramref name="markdown"/>, up to the next <c>## </c> heading.</summary>
    public static string Section(string markdown, string heading)
    {
        var text = markdown.ReplaceLineEndings("\n");
        var start = text.IndexOf($"\n## {heading}\n", StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException($"No section \"## {heading}\" in the README.");
        }

        var end = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }

    /// <summary>The inline code spans (<c>`…`</c>) of <paramref name="text"/>, each with its line breaks read as spaces, as Markdown renders them.</summary>
    public static IReadOnlyList<string> InlineCode(string text) =>
        [.. InlineSpan().Matches(text).Select(match => Regex.Replace(match.Groups["code"].Value, @"\s+", " ").Trim())];

    /// <summary>The contents of the fenced <c>```bash</c> blocks of <paramref name="markdown"/>.</summary>
    public static IReadOnlyList<string> BashBlocks(string markdown) =>
        [.. BashBlock().Matches(markdown.ReplaceLineEndings("\n")).Select(match => match.Groups["body"].Value)];

    [GeneratedRegex(@"(?<!`)`(?<code>[^`]+)`(?!`)")]
    private static partial Regex InlineSpan();

    [GeneratedRegex(@"^```bash\n(?<body>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}
