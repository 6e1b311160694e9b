using System.Net;
using CodeFirst.Schema;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.OpenApi.Readers;
using ProtoBuf.Grpc.Client;

namespace CodeFirst.Tests;

/// <summary>The toolkit serves a contract it has never seen: gRPC, REST, OpenAPI and the .proto, with no ProdStock type loaded.</summary>
public sealed class ToolkitEndToEndTests(ToolkitHost host) : IClassFixture<ToolkitHost>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task GetBook_OverGrpc_AnswersFromTheService()
    {
        using var channel = GrpcChannel.ForAddress(host.GrpcAddress);
        var shelf = channel.CreateGrpcService<IShelf>();

        var book = await shelf.GetBookAsync(new BookQuery { Isbn = "9780141439518" }).AsTask().WaitAsync(Timeout);

        book.Title.Should().Be("Pride and Prejudice");
    }

    [Fact]
    public async Task GetBook_InvalidIsbnOverGrpc_IsInvalidArgumentNamingTheField()
    {
        using var channel = GrpcChannel.ForAddress(host.GrpcAddress);
        var shelf = channel.CreateGrpcService<IShelf>();

        var act = () => shelf.GetBookAsync(new BookQuery { Isbn = "12" }).AsTask().WaitAsync(Timeout);

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.Status.Detail.Should().Contain("BookQuery.isbn");
    }

    [Fact]
    public async Task AddBook_ServiceThrowsOverGrpc_IsInternalWithAnErrorIdNotUnknown()
    {
        using var channel = GrpcChannel.ForAddress(host.GrpcAddress);
        var shelf = channel.CreateGrpcService<IShelf>();

        var act = () => shelf.AddBookAsync(new Book { Isbn = "9780000000001", Title = "crash" }).AsTask().WaitAsync(Timeout);

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.Internal);
        error.Status.Detail.Should().NotContain("a bug in the service");
    }

    [Fact]
    public async Task Borrow_MethodWithoutCallContextOverGrpc_AnswersFromTheService()
    {
        using var channel = GrpcChannel.ForAddress(host.GrpcAddress);
        var checkout = channel.CreateGrpcService<ICheckout>();

        var book = await checkout.BorrowAsync(new BookQuery { Isbn = "9780141439518" }).WaitAsync(Timeout);

        book.Title.Should().Be("Borrowed");
    }

    [Fact]
    public async Task Borrow_MethodWithoutCallContextInvalidIsbn_IsInvalidArgumentNamingTheField()
    {
        using var channel = GrpcChannel.ForAddress(host.GrpcAddress);
        var checkout = channel.CreateGrpcService<ICheckout>();

        var act = () => checkout.BorrowAsync(new BookQuery { Isbn = "12" }).WaitAsync(Timeout);

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.Status.Detail.Should().Contain("BookQuery.isbn");
    }

    [Fact]
    public async Task Borrow_MethodWithoutCallContextServiceThrows_IsInternalNotUnknown()
    {
        using var channel = GrpcChannel.ForAddress(host.GrpcAddress);
        var checkout = channel.CreateGrpcService<ICheckout>();

        var act = () => checkout.BorrowAsync(new BookQuery { Isbn = Checkout.BrokenIsbn }).WaitAsync(Timeout);

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.Internal);
        error.Status.Detail.Should().NotContain("a bug in the checkout");
    }

    [Fact]
    public async Task ListBooks_ServerStreamOverGrpc_YieldsTheBooks()
    {
        using var channel = GrpcChannel.ForAddress(host.GrpcAddress);
        var shelf = channel.CreateGrpcService<IShelf>();
        var books = new List<Book>();

        await foreach (var book in shelf.ListBooksAsync(new BookQuery { Isbn = "9780141439518" }).WithCancellation(new CancellationTokenSource(Timeout).Token))
        {
            books.Add(book);
        }

        books.Should().Contain(b => b.Isbn == "9780141439518");
    }

    [Fact]
    public async Task GetBook_OverRest_AnswersProto3Json()
    {
        using var http = new HttpClient { BaseAddress = host.RestAddress, Timeout = Timeout };

        var json = await http.GetStringAsync("/v1/books/9780141439518");

        json.Should().Contain("\"title\":\"Pride and Prejudice\"").And.Contain("\"genre\":\"NOVEL\"");
    }

    [Fact]
    public async Task AddBook_InvalidBodyOverRest_Is400WithGoogleRpcStatus()
    {
        using var http = new HttpClient { BaseAddress = host.RestAddress, Timeout = Timeout };

        var response = await http.PostAsync("/v1/books", new StringContent("""{"isbn":"9780000000002","title":"","price":1}""", System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadAsStringAsync();
        body.Should().Contain("\"code\":3").And.Contain("Book.title");
    }

    [Fact]
    public async Task OpenApiDocument_OfTheContract_ListsItsRoutesAndSchemas()
    {
        using var http = new HttpClient { BaseAddress = host.RestAddress, Timeout = Timeout };

        await using var stream = await http.GetStreamAsync("/openapi/v1.json");
        var document = new OpenApiStreamReader().Read(stream, out var diagnostic);

        diagnostic.Errors.Should().BeEmpty();
        document.Info.Title.Should().Be("Library");
        document.Paths.Keys.Should().BeEquivalentTo("/v1/books/{isbn}", "/v1/books");
        document.Components.Schemas.Keys.Should().Contain(["Book", "BookQuery", "Genre"]);
    }

    [Fact]
    public void Export_TheContract_WritesItsPackageRoutesAndRules()
    {
        var schema = ProtoSchemaExporter.Export([typeof(IShelf)]);

        schema.Should().Contain("package library.v1;")
            .And.Contain("service Shelf {")
            .And.Contain("get: \"/v1/books/{isbn}\"")
            .And.Contain("(validate.rules).string = {min_len: 1, pattern: \"^[0-9]{13}$\"}")
            .And.Contain("(validate.rules).repeated = {max_items: 5}");
    }

    [Fact]
    public void Toolkit_ServingAnUnrelatedContract_LoadsNoProdStockAssembly()
    {
        AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).Should().NotContain(name => name!.StartsWith("ProdStock", StringComparison.Ordinal));
    }
}
