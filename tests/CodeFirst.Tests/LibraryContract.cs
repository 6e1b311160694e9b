using System.ComponentModel.DataAnnotations;
using System.ServiceModel;
using CodeFirst.Http;
using CodeFirst.Validation;
using ProtoBuf;
using ProtoBuf.Grpc;

namespace CodeFirst.Tests;

// A contract that has nothing to do with ProdStock: what any protobuf-net.Grpc user would write.

[ServiceContract(Name = "library.v1.Shelf")]
public interface IShelf
{
    [HttpRoute("GET", "/v1/books/{isbn}")]
    [OperationContract(Name = "GetBook")]
    ValueTask<Book> GetBookAsync(BookQuery request, CallContext context = default);

    [HttpRoute("POST", "/v1/books", Body = "*")]
    [OperationContract(Name = "AddBook")]
    ValueTask<Book> AddBookAsync(Book request, CallContext context = default);

    [OperationContract(Name = "ListBooks")]
    IAsyncEnumerable<Book> ListBooksAsync(BookQuery request, CallContext context = default);
}

[ProtoContract(Name = "BookQuery")]
public sealed class BookQuery
{
    [Required]
    [RegularExpression("^[0-9]{13}$")]
    [ProtoMember(1, Name = "isbn")]
    public string Isbn { get; set; } = "";
}

[ProtoContract(Name = "Book")]
public sealed class Book
{
    [Required]
    [RegularExpression("^[0-9]{13}$")]
    [ProtoMember(1, Name = "isbn")]
    public string Isbn { get; set; } = "";

    [StringLength(200, MinimumLength = 1)]
    [ProtoMember(2, Name = "title")]
    public string Title { get; set; } = "";

    [Finite]
    [Range(0d, 10_000d)]
    [ProtoMember(3, Name = "price")]
    public double Price { get; set; }

    [ProtoMember(4, Name = "genre")]
    public Genre Genre { get; set; }

    [MaxLength(5)]
    [ProtoMember(5, Name = "authors")]
    public List<string> Authors { get; set; } = [];
}

[ProtoContract(Name = "Genre")]
public enum Genre
{
    [ProtoEnum(Name = "GENRE_UNSPECIFIED")]
    Unspecified = 0,

    [ProtoEnum(Name = "NOVEL")]
    Novel = 1,

    [ProtoEnum(Name = "POETRY")]
    Poetry = 2,
}

public sealed class Shelf : IShelf
{
    private readonly Dictionary<string, Book> _books = new() { ["9780141439518"] = new Book { Isbn = "9780141439518", Title = "Pride and Prejudice", Price = 7.5, Genre = Genre.Novel, Authors = ["Jane Austen"] } };

    public ValueTask<Book> GetBookAsync(BookQuery request, CallContext context = default) =>
        _books.TryGetValue(request.Isbn, out var book)
            ? ValueTask.FromResult(book)
            : throw new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.NotFound, $"book {request.Isbn} was not found"));

    public ValueTask<Book> AddBookAsync(Book request, CallContext context = default)
    {
        if (request.Title == "crash")
        {
            throw new InvalidOperationException("a bug in the service");
        }

        _books[request.Isbn] = request;
        return ValueTask.FromResult(request);
    }

    public async IAsyncEnumerable<Book> ListBooksAsync(BookQuery request, CallContext context = default)
    {
        foreach (var book in _books.Values)
        {
            await Task.Yield();
            yield return book;
        }
    }
}
