using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeFirst.AspNetCore;
using Grpc.Core;
using Microsoft.Extensions.Options;
using ProdStock.Host.Configuration;
using ProtoBuf.Grpc;

namespace ProdStock.Host.Authorization;

/// <summary>
/// The one rule of who may change stock: the caller's TLS client certificate must be named in
/// <c>ProdStock:Authorization:StockWriters</c> (see <see cref="HostAuthorizationOptions.StockWriters"/> for what matches).
/// </summary>
/// <remarks>
/// It is applied in one place, <see cref="AuthorizedInventoryService"/>, the only implementation of the inventory contract
/// the host exposes: gRPC maps that class, and the REST gateway resolves the contract from DI, which is that class too.
/// Both transports hand the service their request (<see cref="CallContextHttpExtensions.GetHttpContext"/>: the gRPC call's
/// <c>HttpContext</c>, or the gateway's), so the certificate is read the same way and refused with the same
/// <c>PERMISSION_DENIED</c>, which each transport answers as usual (gRPC status 7; REST 403 with a <c>google.rpc.Status</c>).
/// No ASP.NET Core authentication scheme is involved: Kestrel has already validated the certificate in the handshake.
/// </remarks>
internal sealed partial class StockWriterAuthorization
{
    private const string CommonNameOid = "2.5.4.3";
    private const string SubjectAlternativeNameOid = "2.5.29.17";
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    private readonly IReadOnlyList<string> _names;
    private readonly IReadOnlyList<string> _subjects;
    private readonly ILogger<StockWriterAuthorization> _logger;

    public StockWriterAuthorization(IOptions<ProdStockHostOptions> options, ILogger<StockWriterAuthorization> logger)
    {
        _logger = logger;
        _names = [.. options.Value.Authorization.StockWriters];
        _subjects = [.. _names.Select(NormalizedSubject).OfType<string>()];
    }

    /// <summary>Throws <c>PERMISSION_DENIED</c> unless the call's client certificate is a stock writer.</summary>
    public void Demand(CallContext context)
    {
        var certificate = context.GetHttpContext()?.Connection.ClientCertificate;
        if (certificate is not null && IsWriter(certificate))
        {
            return;
        }

        var subject = certificate?.Subject ?? "(none)";
        LogDenied(subject);
        throw new RpcException(new Status(StatusCode.PermissionDenied, certificate is null
            ? "changing stock requires a TLS client certificate listed in ProdStock:Authorization:StockWriters; none was presented"
            : $"the client certificate '{subject}' may not change stock: it is not listed in ProdStock:Authorization:StockWriters"));
    }

    /// <summary>Whether an entry of the configuration names <paramref name="certificate"/>.</summary>
    public bool IsWriter(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (_names.Count == 0)
        {
            return false;
        }

        if (_subjects.Count > 0 && _subjects.Contains(SubjectKey(certificate.SubjectName), StringComparer.Ordinal))
        {
            return true;
        }

        foreach (var name in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (!name.HasMultipleElements && name.GetSingleElementType().Value == CommonNameOid
                && name.GetSingleElementValue() is { } commonName && _names.Contains(commonName, StringComparer.Ordinal))
            {
                return true;
            }
        }

        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value == SubjectAlternativeNameOid && MatchesAlternativeName(extension))
            {
                return true;
            }
        }

        return false;
    }

    private bool MatchesAlternativeName(X509Extension extension)
    {
        try
        {
            var names = extension as X509SubjectAlternativeNameExtension ?? new X509SubjectAlternativeNameExtension(extension.RawData, extension.Critical);
            if (names.EnumerateDnsNames().Any(dns => _names.Contains(dns, StringComparer.OrdinalIgnoreCase)))
            {
                return true;
            }

            // .NET enumerates DNS names and IP addresses only; URIs (GeneralName [6] IA5String) are read here.
            var sequence = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (sequence.HasData)
            {
                var tag = sequence.PeekTag();
                if (tag.HasSameClassAndValue(UriTag))
                {
                    if (_names.Contains(sequence.ReadCharacterString(UniversalTagNumber.IA5String, UriTag), StringComparer.Ordinal))
                    {
                        return true;
                    }
                }
                else
                {
                    sequence.ReadEncodedValue();
                }
            }
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException)
        {
            // A malformed extension names nobody.
        }

        return false;
    }

    /// <summary>
    /// An entry that is a distinguished name, as <see cref="SubjectKey"/> compares it; <see langword="null"/> for other entries.
    /// </summary>
    private static string? NormalizedSubject(string entry)
    {
        if (!entry.Contains('=', StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return SubjectKey(new X500DistinguishedName(entry));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>
    /// A distinguished name as its attribute types and values, in order: equal for two spellings of one name whatever
    /// their spacing or string encodings (PrintableString, UTF8String), which the formatted text and the raw bytes are not.
    /// </summary>
    private static string SubjectKey(X500DistinguishedName name) =>
        string.Join('\u001f', name.EnumerateRelativeDistinguishedNames().Select(rdn => rdn.HasMultipleElements
            ? Convert.ToHexString(rdn.RawData.Span)
            : $"{rdn.GetSingleElementType().Value}={rdn.GetSingleElementValue()}"));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a stock change to client certificate {Subject}: not listed in ProdStock:Authorization:StockWriters")]
    private partial void LogDenied(string subject);
}
