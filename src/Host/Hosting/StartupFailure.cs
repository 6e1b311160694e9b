using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using ProdStock.Services.Storage;

namespace ProdStock.Host.Hosting;

/// <summary>
/// Turns the failures of a host that cannot start as configured into one line naming the setting, its value and what is
/// expected. Anything else is not a configuration problem and keeps its stack trace.
/// </summary>
internal static partial class StartupFailure
{
    /// <summary>The line for <paramref name="exception"/>, or <see langword="null"/> when it is not a start-up failure.</summary>
    /// <param name="exception">What start-up threw.</param>
    /// <param name="configuration">The host's configuration, to quote values; <see langword="null"/> before it exists.</param>
    public static string? Describe(Exception exception, IConfiguration? configuration) => exception switch
    {
        HostStartupException or StoreUnavailableException => exception.Message,
        OptionsValidationException options => Describe(options, configuration),
        AggregateException { InnerExceptions: var inner } when inner.All(e => e is OptionsValidationException) =>
            string.Join(Environment.NewLine + "  ", inner.Select(e => Describe((OptionsValidationException)e, configuration))),
        InvalidOperationException { Source: "Microsoft.Extensions.Configuration.Binder" } => DescribeConversion(exception.Message),
        InvalidDataException { InnerException: { } cause } when FailedFile().Match(exception.Message) is { Success: true } file =>
            $"{AppSettingsFile.Describe(file.Groups["path"].Value)} is not valid JSON: {cause.GetBaseException().Message}",
        IOException => exception.Message,
        _ => null,
    };

    private static string Describe(OptionsValidationException exception, IConfiguration? configuration)
    {
        var section = exception.OptionsType.GetField("SectionName")?.GetValue(null) as string;
        return string.Join("; ", exception.Failures.Select(failure =>
        {
            if (section is null || DataAnnotationFailure().Match(failure) is not { Success: true } match)
            {
                return failure;
            }

            // 'ProdStockHostOptions.Grpc' and 'Port' name ProdStock:Grpc:Port.
            var path = match.Groups["path"].Value;
            var nested = path.Contains('.', StringComparison.Ordinal) ? ":" + path[(path.IndexOf('.', StringComparison.Ordinal) + 1)..].Replace('.', ':') : "";
            var key = $"{section}{nested}:{match.Groups["member"].Value}";
            var error = match.Groups["error"].Value;
            error = error.StartsWith(key + " ", StringComparison.Ordinal) ? error[(key.Length + 1)..] : error;
            return configuration?[key] is { } value ? $"{key} is '{value}': {error}" : $"{key}: {error}";
        }));
    }

    private static string DescribeConversion(string message)
    {
        if (ConversionFailure().Match(message) is not { Success: true } match)
        {
            return message;
        }

        var typeName = match.Groups["type"].Value;
        var type = Type.GetType(typeName) ?? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(typeName)).FirstOrDefault(t => t is not null);
        var expected = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return $"{match.Groups["key"].Value} is '{match.Groups["value"].Value}', which is not {Expected(expected, typeName)}.";
    }

    private static string Expected(Type? type, string typeName) => type switch
    {
        { IsEnum: true } => $"one of {string.Join(", ", Enum.GetNames(type))}",
        _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "a whole number",
        _ when type == typeof(double) || type == typeof(decimal) || type == typeof(float) => "a number",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(TimeSpan) => "a duration such as 00:00:15 (hh:mm:ss)",
        _ when type == typeof(Uri) => "an address such as https://localhost:10086",
        _ => $"a {typeName}",
    };

    [GeneratedRegex(@"^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'\.$", RegexOptions.Singleline)]
    private static partial Regex ConversionFailure();

    [GeneratedRegex(@"^DataAnnotation validation failed for '(?<path>[^']+)' members: '(?<member>[^']+)' with the error: '(?<error>.*)'\.$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();

    [GeneratedRegex(@"file '(?<path>[^']+)'")]
    private static partial Regex FailedFile();
}
