namespace CodeFirst.AspNetCore;

/// <summary>Endpoint metadata of each route of the REST gateway (not of its 405 answers nor its documentation).</summary>
public interface IRestRouteMetadata
{
    /// <summary>The HTTP method, e.g. <c>GET</c>.</summary>
    string HttpMethod { get; }

    /// <summary>The path template as the contract declares it, e.g. <c>/v1/books/{book_id}</c>.</summary>
    string PathTemplate { get; }

    /// <summary>The gRPC method the route calls, as its gRPC path, e.g. <c>/library.Shelf/GetBook</c>.</summary>
    string GrpcMethod { get; }
}
