namespace KisTrader.Core.Market;

/// <summary>
/// Commission on both sides and the sell-side securities transaction tax (incl. the rural special
/// tax on KOSPI) by market and the year of the trade, so backtests charge the tax of their day.
/// Source: KIS_API.md §9 (2023–2026); 2020–2022 from the same public reporting of the tax changes.
/// Amounts are truncated to whole won, as brokers and the tax office do.
/// </summary>
public sealed class TradingCosts(decimal commissionRate = TradingCosts.DefaultCommissionRate)
{
    /// <summary>KIS online rate, about 0.015%.</summary>
    public const decimal DefaultCommissionRate = 0.00015m;

    private static readonly (int FromYear, decimal Kospi, decimal Kosdaq, decimal Konex)[] SellTaxByYear =
    [
        (2020, 0.0025m, 0.0025m, 0.0010m),
        (2021, 0.0023m, 0.0023m, 0.0010m),
        (2023, 0.0020m, 0.0020m, 0.0010m),
        (2024, 0.0018m, 0.0018m, 0.0010m),
        (2025, 0.0015m, 0.0015m, 0.0010m),
        (2026, 0.0020m, 0.0020m, 0.0010m),
    ];

    public decimal CommissionRate { get; } = commissionRate >= 0 && commissionRate < 0.01m
        ? commissionRate
        : throw new ArgumentOutOfRangeException(nameof(commissionRate), commissionRate, "A commission rate is between 0 and 1%.");

    public static decimal SellTaxRate(KrxMarket market, DateOnly date)
    {
        if (date.Year < SellTaxByYear[0].FromYear)
            throw new ArgumentOutOfRangeException(nameof(date), date, $"No sell-tax rate is recorded before {SellTaxByYear[0].FromYear}.");
        var row = SellTaxByYear.Last(r => r.FromYear <= date.Year);
        return market switch
        {
            KrxMarket.Kospi => row.Kospi,
            KrxMarket.Kosdaq => row.Kosdaq,
            _ => row.Konex,
        };
    }

    public decimal Commission(decimal amount) => Math.Floor(amount * CommissionRate);

    public decimal SellTax(decimal amount, KrxMarket market, DateOnly date) => Math.Floor(amount * SellTaxRate(market, date));

    /// <summary>Realised P&amp;L = sell amount − buy amount − commissions − tax.</summary>
    public decimal RoundTripPnl(decimal buyAmount, decimal sellAmount, KrxMarket market, DateOnly sellDate) =>
        sellAmount - buyAmount - Commission(buyAmount) - Commission(sellAmount) - SellTax(sellAmount, market, sellDate);
}
