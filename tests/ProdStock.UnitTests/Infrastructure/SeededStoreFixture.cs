namespace ProdStock.UnitTests.Infrastructure;

/// <summary>One store with the demo data set, shared by the read-only tests of a class.</summary>
public sealed class SeededStoreFixture : IAsyncLifetime
{
    private TestStore? _store;

    internal TestStore Store => _store ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync().DefaultTimeout();

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }
}
