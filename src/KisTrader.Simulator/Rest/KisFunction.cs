namespace KisTrader.Simulator.Rest;

/// <summary>One emulated REST function: path, method, the TR IDs per environment (old IDs included) and its handler.</summary>
internal sealed record KisFunction(string Name, string Method, string Path, string[] PaperTrIds, string[] RealTrIds, Func<KisRequest, KisResult> Handler)
{
    public bool RealOnly => PaperTrIds.Length == 0;
}

internal static class FunctionCatalog
{
    public static IReadOnlyList<KisFunction> Create(SimContext sim)
    {
        var q = new QuotationHandlers(sim);
        var a = new AccountHandlers(sim);
        var o = new OrderHandlers(sim);
        var k = new RankingHandlers(sim);
        var info = new InstrumentInfoHandlers(sim);
        var p = new AccountProfitHandlers(sim);
        const string Quote = "/uapi/domestic-stock/v1/quotations/";
        const string Trade = "/uapi/domestic-stock/v1/trading/";
        return
        [
            new("inquire_price", "GET", Quote + "inquire-price", ["FHKST01010100"], ["FHKST01010100"], q.InquirePrice),
            new("inquire_ccnl", "GET", Quote + "inquire-ccnl", ["FHKST01010300"], ["FHKST01010300"], q.InquireCcnl),
            new("inquire_daily_price", "GET", Quote + "inquire-daily-price", ["FHKST01010400"], ["FHKST01010400"], q.InquireDailyPrice),
            new("inquire_asking_price_exp_ccn", "GET", Quote + "inquire-asking-price-exp-ccn", ["FHKST01010200"], ["FHKST01010200"], q.InquireAskingPrice),
            new("inquire_daily_itemchartprice", "GET", Quote + "inquire-daily-itemchartprice", ["FHKST03010100"], ["FHKST03010100"], q.InquireDailyItemChartPrice),
            new("inquire_daily_indexchartprice", "GET", Quote + "inquire-daily-indexchartprice", ["FHKUP03500100"], ["FHKUP03500100"], q.InquireDailyIndexChartPrice),
            new("inquire_time_itemchartprice", "GET", Quote + "inquire-time-itemchartprice", ["FHKST03010200"], ["FHKST03010200"], q.InquireTimeItemChartPrice),
            // Stock basic information: KIS lists no paper TR, but python-kis sends it to the real host in paper mode too and
            // one simulator stands in for both hosts, so both modes answer it (docs/kis-api-addendum.md).
            new("search_info", "GET", Quote + "search-info", ["CTPF1604R"], ["CTPF1604R"], info.SearchInfo),
            new("search_stock_info", "GET", Quote + "search-stock-info", ["CTPF1002R"], ["CTPF1002R"], info.SearchStockInfo),
            new("volume_rank", "GET", Quote + "volume-rank", [], ["FHPST01710000"], k.VolumeRank),
            new("fluctuation", "GET", "/uapi/domestic-stock/v1/ranking/fluctuation", [], ["FHPST01700000"], k.Fluctuation),
            new("inquire_balance", "GET", Trade + "inquire-balance", ["VTTC8434R"], ["TTTC8434R"], a.InquireBalance),
            new("inquire_account_balance", "GET", Trade + "inquire-account-balance", [], ["CTRP6548R"], a.InquireAccountBalance),
            new("inquire_psbl_order", "GET", Trade + "inquire-psbl-order", ["VTTC8908R"], ["TTTC8908R"], a.InquirePsblOrder),
            new("inquire_psbl_sell", "GET", Trade + "inquire-psbl-sell", [], ["TTTC8408R"], a.InquirePsblSell),
            new("order_cash", "POST", Trade + "order-cash", ["VTTC0011U", "VTTC0012U", "VTTC0801U", "VTTC0802U"], ["TTTC0011U", "TTTC0012U", "TTTC0801U", "TTTC0802U"], o.OrderCash),
            new("order_rvsecncl", "POST", Trade + "order-rvsecncl", ["VTTC0013U", "VTTC0803U"], ["TTTC0013U", "TTTC0803U"], o.OrderRvsecncl),
            new("inquire_daily_ccld", "GET", Trade + "inquire-daily-ccld", ["VTTC0081R", "VTSC9215R", "VTTC8001R", "VTSC9115R"], ["TTTC0081R", "CTSC9215R", "TTTC8001R", "CTSC9115R"], a.InquireDailyCcld),
            new("inquire_psbl_rvsecncl", "GET", Trade + "inquire-psbl-rvsecncl", [], ["TTTC0084R", "TTTC8036R"], a.InquirePsblRvsecncl),
            new("inquire_period_profit", "GET", Trade + "inquire-period-profit", [], ["TTTC8708R"], a.InquirePeriodProfit),
            new("inquire_period_trade_profit", "GET", Trade + "inquire-period-trade-profit", [], ["TTTC8715R"], p.InquirePeriodTradeProfit),
            new("inquire_balance_rlz_pl", "GET", Trade + "inquire-balance-rlz-pl", [], ["TTTC8494R"], a.InquireBalanceRlzPl),
            new("intgr_margin", "GET", Trade + "intgr-margin", [], ["TTTC0869R"], p.IntgrMargin),
        ];
    }
}
