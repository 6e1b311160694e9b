namespace CodeFirst.AspNetCore.OpenApi;

/// <summary>What the OpenAPI document says about the API itself, beyond what the routes tell.</summary>
/// <param name="Title">The document's title.</param>
/// <param name="Version">
/// The API version; <see langword="null"/> for the informational version (without its <c>+metadata</c>) of the assembly
/// that declares the first service contract of the route table.
/// </param>
/// <param name="Description">Markdown appended as a last paragraph after the gateway's own conventions, e.g. how to authenticate.</param>
internal sealed record OpenApiDocumentInfo(string Title, string? Version = null, string? Description = null);
