using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace KisTrader.Data.Migrations;

/// <summary>
/// Our migrations are written once for both providers: columns carry no provider type (each
/// provider maps the CLR type, length and precision) and identity columns carry both providers'
/// annotations (each provider ignores the other's).
/// </summary>
internal static class MigrationColumns
{
    public static OperationBuilder<AddColumnOperation> AutoIncrement(this OperationBuilder<AddColumnOperation> column) =>
        column.Annotation("Sqlite:Autoincrement", true)
              .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);
}
