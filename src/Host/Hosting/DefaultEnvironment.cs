using ProdStock.Host.Commands;

namespace ProdStock.Host.Hosting;

/// <summary>
/// The environment <c>dotnet run</c> defaults to. Its launch profile sets <see cref="VariableName"/> (Development) rather
/// than ASPNETCORE_ENVIRONMENT, which would hide the user's own ASPNETCORE_ENVIRONMENT; the default applies only when
/// neither ASPNETCORE_ENVIRONMENT, DOTNET_ENVIRONMENT nor <c>--environment</c> names one.
/// </summary>
internal static class DefaultEnvironment
{
    public const string VariableName = "PRODSTOCK_DEFAULT_ENVIRONMENT";

    /// <summary>The environment to impose, or <see langword="null"/> to let the host read it as usual.</summary>
    public static string? Resolve(IReadOnlyList<string> settings)
    {
        var fallback = Environment.GetEnvironmentVariable(VariableName);
        if (string.IsNullOrEmpty(fallback) || ConfigurationArguments.Split(settings).SetsEnvironment)
        {
            return null;
        }

        var chosen = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") is { Length: > 0 }
            || Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") is { Length: > 0 };
        return chosen ? null : fallback;
    }
}
