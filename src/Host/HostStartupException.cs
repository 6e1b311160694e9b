namespace ProdStock.Host;

/// <summary>The host cannot start as configured; the message says what to change.</summary>
public sealed class HostStartupException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public HostStartupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public HostStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public HostStartupException()
    {
    }
}
