namespace ProdStock.Services.Storage;

/// <summary>
/// The store could not be reached, or lost the connection during the call: a write may or may not have been stored.
/// Retrying it with the same idempotency key (order number, adjustment id) is safe: it is stored at most once.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreUnavailableException()
        : base("The store is unavailable.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure behind it.</summary>
    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
