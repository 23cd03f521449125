using Microsoft.EntityFrameworkCore.Design;

namespace KisTrader.Data;

/// <summary>For <c>dotnet ef dbcontext optimize</c>: a context of the provider named by the first argument ("sqlite" or
/// "postgresql"), built from the entity configurations (never from a compiled model), never connected.</summary>
public sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<KisTraderDbContext>
{
    public KisTraderDbContext CreateDbContext(string[] args)
    {
        var provider = args.FirstOrDefault()?.ToLowerInvariant() switch
        {
            "sqlite" => DatabaseProvider.Sqlite,
            "postgresql" => DatabaseProvider.PostgreSql,
            var other => throw new ArgumentException($"Name the provider after --: sqlite or postgresql (got '{other}')."),
        };
        return DataServiceCollectionExtensions.CreateContext(provider, ConnectionStringFor(provider), compiledModel: false);
    }

    /// <summary>A connection string the provider accepts; nothing connects with it.</summary>
    public static string ConnectionStringFor(DatabaseProvider provider) =>
        provider == DatabaseProvider.Sqlite ? "Data Source=design-time.db" : "Host=localhost;Database=kistrader";
}
