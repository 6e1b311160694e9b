namespace ProdStock.Host.Streams;

/// <summary>Which way a streaming call's wait goes: reading the client's messages, or writing the answers it reads.</summary>
internal enum StreamDirection
{
    Read,
    Write,
}
