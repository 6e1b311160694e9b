using Microsoft.Extensions.Options;

namespace ProdStock.ClientSdk.Internal;

/// <summary>Checks <see cref="ProdStockClientOptions"/> before a channel is made, with messages that name the setting.</summary>
internal sealed class ProdStockClientOptionsValidator : IValidateOptions<ProdStockClientOptions>
{
    public ValidateOptionsResult Validate(string? name, ProdStockClientOptions options)
    {
        var failures = new List<string>();
        if (options.Address is not { IsAbsoluteUri: true } || options.Address.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add($"ProdStockClientOptions.Address must be an absolute https address (got '{options.Address}').");
        }

        if (options.CaCertificate is null && string.IsNullOrWhiteSpace(options.CaCertificatePath))
        {
            failures.Add("ProdStockClientOptions.CaCertificatePath (or CaCertificate) is required: the server's certificate is checked against this CA only.");
        }

        if (options.ClientCertificate is null && (string.IsNullOrWhiteSpace(options.ClientCertificatePath) || string.IsNullOrWhiteSpace(options.ClientKeyPath)))
        {
            failures.Add("ProdStockClientOptions.ClientCertificatePath and ClientKeyPath (or ClientCertificate) are required: the server demands a client certificate.");
        }

        if (options.DefaultDeadline != Timeout.InfiniteTimeSpan && options.DefaultDeadline <= TimeSpan.Zero)
        {
            failures.Add("ProdStockClientOptions.DefaultDeadline must be positive, or Timeout.InfiniteTimeSpan for no deadline.");
        }

        if (options.MaxRetryAttempts is < 2 or > 5)
        {
            failures.Add("ProdStockClientOptions.MaxRetryAttempts must be from 2 to 5.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
