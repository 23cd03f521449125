namespace KisTrader.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}
