using Microsoft.AspNetCore.Hosting;

namespace ProdStock.Host.Commands;

/// <summary>
/// Separates the configuration arguments (<c>--Section:Key=value</c>, <c>--Section:Key value</c>, <c>/Section:Key=value</c>,
/// <c>Section:Key=value</c>, and the host's own <c>--environment</c>, <c>--urls</c>, <c>--contentRoot</c> …) from the
/// commands and options, so the host's configuration provider gets them verbatim and System.CommandLine parses the rest strictly.
/// </summary>
internal sealed class ConfigurationArguments
{
    /// <summary>The top-level keys the generic host and ASP.NET Core read; any other key needs a section (a colon).</summary>
    private static readonly HashSet<string> HostKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        HostDefaults.ApplicationKey, HostDefaults.EnvironmentKey, HostDefaults.ContentRootKey,
        WebHostDefaults.ServerUrlsKey, WebHostDefaults.HttpPortsKey, WebHostDefaults.HttpsPortsKey, WebHostDefaults.WebRootKey,
        WebHostDefaults.DetailedErrorsKey, WebHostDefaults.ShutdownTimeoutKey, WebHostDefaults.PreventHostingStartupKey,
        WebHostDefaults.HostingStartupAssembliesKey, WebHostDefaults.HostingStartupExcludeAssembliesKey,
        WebHostDefaults.SuppressStatusMessagesKey, "AllowedHosts",
    };

    private ConfigurationArguments(IReadOnlyList<string> settings, IReadOnlyList<string> others, string? error)
    {
        Settings = settings;
        Others = others;
        Error = error;
    }

    /// <summary>The configuration arguments, in order, as typed (a key without <c>=</c> is followed by its value).</summary>
    public IReadOnlyList<string> Settings { get; }

    /// <summary>Everything else: commands, their options and anything unknown, for the command-line parser.</summary>
    public IReadOnlyList<string> Others { get; }

    /// <summary>Why the arguments cannot be used (a setting without its value), or <see langword="null"/>.</summary>
    public string? Error { get; }

    /// <summary>Whether the host's environment is set on the command line (<c>--environment NAME</c>).</summary>
    public bool SetsEnvironment => Settings.Any(argument => KeyOf(argument) is { } key && key.Equals(HostDefaults.EnvironmentKey, StringComparison.OrdinalIgnoreCase));

    /// <summary>Splits <paramref name="args"/> the way the host's command-line configuration provider reads them.</summary>
    public static ConfigurationArguments Split(IReadOnlyList<string> args)
    {
        var settings = new List<string>();
        var others = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var argument = args[i];
            if (KeyOf(argument) is not { } key || !IsSettingKey(key))
            {
                others.Add(argument);
                continue;
            }

            settings.Add(argument);
            if (!argument.Contains('=', StringComparison.Ordinal))
            {
                if (i + 1 >= args.Count)
                {
                    return new ConfigurationArguments(settings, others, $"'{argument}' needs a value: {argument}=VALUE or {argument} VALUE.");
                }

                settings.Add(args[++i]);
            }
        }

        return new ConfigurationArguments(settings, others, null);
    }

    /// <summary>The key of a configuration argument, or <see langword="null"/> when the argument cannot be one.</summary>
    private static string? KeyOf(string argument)
    {
        var equals = argument.IndexOf('=', StringComparison.Ordinal);
        var name = equals < 0 ? argument : argument[..equals];
        if (name.StartsWith("--", StringComparison.Ordinal))
        {
            return name[2..];
        }

        if (name.StartsWith('/'))
        {
            return name[1..];
        }

        // Without a prefix the provider needs '=' (Section:Key=value).
        return equals > 0 && !name.StartsWith('-') ? name : null;
    }

    private static bool IsSettingKey(string key) =>
        key.Length > 0 && ((key.Contains(':', StringComparison.Ordinal) && key[0] != ':' && !key.Contains("::", StringComparison.Ordinal)) || HostKeys.Contains(key));
}
