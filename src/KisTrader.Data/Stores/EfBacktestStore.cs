using System.Globalization;
using System.Text.Json;
using KisTrader.Core.Backtesting;
using KisTrader.Core.Ports;
using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace KisTrader.Data.Stores;

/// <summary>Stored backtests (<c>backtests</c>).</summary>
public sealed class EfBacktestStore(IDbContextFactory<KisTraderDbContext> factory) : IBacktestStore
{
    public async Task SaveAsync(StoredBacktest backtest, CancellationToken ct = default)
    {
        if (backtest.Problem() is { } problem) throw new ArgumentException(problem, nameof(backtest));
        var r = backtest.Report;
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await db.Backtests.AnyAsync(x => x.Id == backtest.Id, ct))
            throw new InvalidOperationException($"A backtest with the id '{backtest.Id}' is already stored.");
        db.Backtests.Add(new BacktestEntity
        {
            Id = backtest.Id,
            CreatedAtMs = backtest.CreatedAt.ToUnixTimeMilliseconds(),
            CodeVersion = backtest.CodeVersion,
            Engine = r.Request.Engine,
            FromDate = Day(r.Request.From),
            ToDate = Day(r.Request.To),
            Instruments = r.Request.Tickers.Count,
            DataFirst = Day(r.Data.FirstBar),
            DataLast = Day(r.Data.LastBar),
            DataBars = r.Data.Bars,
            DataSha256 = r.Data.Sha256,
            TotalReturn = r.Metrics.TotalReturn,
            MaxDrawdown = r.Metrics.MaxDrawdown,
            Sharpe = r.Metrics.Sharpe,
            BuyAndHoldReturn = r.BuyAndHold.TotalReturn,
            RequestJson = JsonSerializer.Serialize(r.Request, BacktestJson.Options),
            ReportJson = BacktestJson.Serialize(r),
        });
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<BacktestSummary>> ListAsync(int max = 100, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Backtests.AsNoTracking().OrderByDescending(x => x.CreatedAtMs).ThenBy(x => x.Id).Take(max)
            .Select(x => new { x.Id, x.CreatedAtMs, x.CodeVersion, x.Engine, x.FromDate, x.ToDate, x.Instruments, x.DataSha256, x.TotalReturn, x.MaxDrawdown, x.Sharpe, x.BuyAndHoldReturn })
            .ToListAsync(ct);
        return [.. rows.Select(x => new BacktestSummary(x.Id, DateTimeOffset.FromUnixTimeMilliseconds(x.CreatedAtMs), x.CodeVersion, x.Engine,
            ParseDay(x.FromDate), ParseDay(x.ToDate), x.Instruments, x.DataSha256, x.TotalReturn, x.MaxDrawdown, x.Sharpe, x.BuyAndHoldReturn))];
    }

    public async Task<StoredBacktest?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var x = await db.Backtests.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, ct);
        return x is null ? null
            : new StoredBacktest(x.Id, DateTimeOffset.FromUnixTimeMilliseconds(x.CreatedAtMs), x.CodeVersion, BacktestJson.Deserialize(x.ReportJson));
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Backtests.Where(b => b.Id == id).ExecuteDeleteAsync(ct) > 0;
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly ParseDay(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
