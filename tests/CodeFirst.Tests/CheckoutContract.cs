using System.ServiceModel;

namespace CodeFirst.Tests;

// A method shape the toolkit's own handlers do not take (no CallContext): protobuf-net.Grpc binds it as it binds any
// contract, and requests are still validated and failures still translated.

[ServiceContract(Name = "library.v1.Checkout")]
public interface ICheckout
{
    [OperationContract(Name = "Borrow")]
    Task<Book> BorrowAsync(BookQuery request);
}

public sealed class Checkout : ICheckout
{
    public const string BrokenIsbn = "9999999999999";

    public Task<Book> BorrowAsync(BookQuery request) =>
        request.Isbn == BrokenIsbn
            ? throw new InvalidOperationException("a bug in the checkout")
            : Task.FromResult(new Book { Isbn = request.Isbn, Title = "Borrowed" });
}
