using KisTrader.Testing;

namespace KisTrader.Tests.Data;

/// <summary>A real PostgreSQL server for the provider tests (<see cref="PrivatePostgres"/>, shared with the benchmarks),
/// started once for the collection and stopped at the end.</summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly PrivatePostgres _server = new();

    public string ConnectionString => _server.ConnectionString;

    public Task InitializeAsync() => _server.StartAsync();

    public Task DisposeAsync() => _server.StopAsync();

    /// <summary>A fresh, empty database on this server.</summary>
    public Task<string> CreateDatabaseAsync() => _server.CreateDatabaseAsync();
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
