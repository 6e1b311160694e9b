using Microsoft.Extensions.Options;
using CodeFirst.AspNetCore.Gateway.Security;

namespace CodeFirst.AspNetCore.Gateway;

/// <summary>Checks <see cref="RestGatewayOptions"/> when the application starts, naming the setting that is wrong.</summary>
internal sealed class RestGatewayOptionsValidation : IValidateOptions<RestGatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, RestGatewayOptions options)
    {
        var failures = new List<string>();
        if (!IsSize(options.MaxRequestBodySize))
        {
            failures.Add($"{nameof(RestGatewayOptions.MaxRequestBodySize)} must be between 1 and {Array.MaxLength} bytes (got {options.MaxRequestBodySize}).");
        }

        foreach (var (method, size) in options.MaxRequestBodySizeByMethod)
        {
            if (!IsSize(size))
            {
                failures.Add($"{nameof(RestGatewayOptions.MaxRequestBodySizeByMethod)}:{method} must be between 1 and {Array.MaxLength} bytes (got {size}).");
            }
        }

        foreach (var origin in options.AllowedOrigins)
        {
            if (!AllowedOrigins.IsOrigin(origin))
            {
                failures.Add($"{nameof(RestGatewayOptions.AllowedOrigins)} entry '{origin}' is not an origin: write scheme://host[:port], e.g. https://app.example:8443.");
            }
        }

        if (options.StreamIdleTimeout <= TimeSpan.Zero && options.StreamIdleTimeout != Timeout.InfiniteTimeSpan)
        {
            failures.Add($"{nameof(RestGatewayOptions.StreamIdleTimeout)} must be positive, or infinite (got {options.StreamIdleTimeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // A body is held in one array while it is parsed.
    private static bool IsSize(long bytes) => bytes is > 0 and <= int.MaxValue && bytes <= Array.MaxLength;
}
