using System.Text.Json.Nodes;
using KisTrader.Core.Market;
using KisTrader.Simulator.Market;

namespace KisTrader.Simulator.Rest;

/// <summary>Quote functions (KIS_API.md §4.1–4.4 and the two table-only functions).</summary>
internal sealed class QuotationHandlers(SimContext sim)
{
    private static readonly string[] MarketDivisions = ["J", "NX", "UN"];

    /// <summary>
    /// Checks FID_COND_MRKT_DIV_CODE and FID_INPUT_ISCD; the instrument, or the error. A well-formed code the market does
    /// not list is neither: S and Error are both null, and the handler answers as KIS does, successfully with zeros
    /// (docs/kis-api-addendum.md, "Unknown stock code").
    /// </summary>
    private (InstrumentState? S, KisResult? Error) Resolve(KisRequest r)
    {
        if (!MarketDivisions.Contains(r.Q("FID_COND_MRKT_DIV_CODE"))) return (null, KisResult.Error(KisCodes.InvalidMarketDivision));
        var code = r.Q("FID_INPUT_ISCD");
        if (code.Length == 0) return (null, KisResult.Error(KisCodes.InvalidField.WithMessage("ERROR : INPUT FIELD_NOT_FOUND FID_INPUT_ISCD")));
        return (sim.Exchange.Instrument(code), null);
    }

    /// <summary>The answer's object for an unknown code: the same fields as for a listed one, numbers "0" and text empty.</summary>
    private JsonObject Blank(Func<InstrumentState, JsonObject> build)
    {
        var template = build(sim.Exchange.Instruments[0]);
        var blank = new JsonObject();
        foreach (var (k, v) in template)
            blank[k] = decimal.TryParse(v?.GetValue<string>(), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _) ? "0" : "";
        return blank;
    }

    private static string Signed(decimal v) => Kj.W(v);

    public KisResult InquirePrice(KisRequest r)
    {
        var (s, error) = Resolve(r);
        if (error is not null) return error;
        lock (sim.Exchange.Gate)
            return new KisResult(KisCodes.QuoteOk).With("output", s is null ? Blank(PriceOutput) : PriceOutput(s));
    }

    private JsonObject PriceOutput(InstrumentState i)
    {
        var today = i.Today;
        var bars = i.History.Append(today).ToList();
        var prev = i.PreviousDay;
        var d250 = bars.TakeLast(250).ToList();
        var year = bars.Where(b => b.Date.Year == i.TradingDate.Year).ToList();
        var w52 = bars.Where(b => b.Date > i.TradingDate.AddDays(-365)).ToList();
        var (hi250, lo250) = (d250.MaxBy(b => b.High)!, d250.MinBy(b => b.Low)!);
        var (hiY, loY) = (year.MaxBy(b => b.High)!, year.MinBy(b => b.Low)!);
        var (hi52, lo52) = (w52.MaxBy(b => b.High)!, w52.MinBy(b => b.Low)!);
        var last = i.Last;
        // Pivot points from the previous day (classic floor-trader pivots), on the tick grid.
        var (ph, pl, pc) = prev is null ? (last, last, last) : (prev.High, prev.Low, prev.Close);
        var pivot = (ph + pl + pc) / 3m;
        decimal T(decimal p) => KrxRules.FloorToTick(Math.Max(1m, p), i.Market, InstrumentKind.Stock, i.TradingDate);
        var eps = Math.Round(i.Definition.Price / 12m, 0);
        var bps = Math.Round(i.Definition.Price / 1.3m, 0);
        var capEok = Math.Round(last * i.Definition.ListedShares / 100_000_000m, 0);
        var output = Kj.Obj(
            ("iscd_stat_cls_code", "55"), ("marg_rate", "20.00"),
            ("rprs_mrkt_kor_name", i.Market == KrxMarket.Kospi ? "KOSPI200" : "KOSDAQ"),
            ("new_hgpr_lwpr_cls_code", ""), ("bstp_kor_isnm", i.Definition.Sector), ("temp_stop_yn", "N"),
            ("oprc_rang_cont_yn", "N"), ("clpr_rang_cont_yn", "N"), ("crdt_able_yn", "Y"), ("grmn_rate_cls_code", "40"), ("elw_pblc_yn", "N"),
            ("stck_prpr", Kj.W(last)), ("prdy_vrss", Signed(last - i.BasePrice)), ("prdy_vrss_sign", i.Sign(last)),
            ("prdy_ctrt", Kj.R2(i.ChangeRate(last))), ("acml_tr_pbmn", Kj.W(i.Amount)), ("acml_vol", Kj.N(i.Volume)),
            ("prdy_vrss_vol_rate", prev is null || prev.Volume == 0 ? "0.00" : Kj.Pct(i.Volume, prev.Volume)),
            ("stck_oprc", Kj.W(today.Open)), ("stck_hgpr", Kj.W(today.High)), ("stck_lwpr", Kj.W(today.Low)),
            ("stck_mxpr", Kj.W(i.Limits.Upper)), ("stck_llam", Kj.W(i.Limits.Lower)), ("stck_sdpr", Kj.W(i.BasePrice)),
            ("wghn_avrg_stck_prc", i.Volume == 0 ? Kj.W(i.BasePrice) : (i.Amount / i.Volume).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)),
            ("hts_frgn_ehrt", "30.00"), ("frgn_ntby_qty", "0"), ("pgtr_ntby_qty", "0"),
            ("pvt_scnd_dmrs_prc", Kj.W(T(pivot + (ph - pl)))), ("pvt_frst_dmrs_prc", Kj.W(T(2 * pivot - pl))), ("pvt_pont_val", Kj.W(T(pivot))),
            ("pvt_frst_dmsp_prc", Kj.W(T(2 * pivot - ph))), ("pvt_scnd_dmsp_prc", Kj.W(T(pivot - (ph - pl)))),
            ("dmrs_val", Kj.W(T(pivot + (ph - pl) / 2))), ("dmsp_val", Kj.W(T(pivot - (ph - pl) / 2))),
            ("cpfn", Kj.W(i.Definition.ListedShares * 100m / 100_000_000m)), ("rstc_wdth_prc", Kj.W(i.Limits.Upper - i.BasePrice)),
            ("stck_fcam", "100"), ("stck_sspr", Kj.W(T(last * 0.6m))), ("aspr_unit", Kj.W(i.TickSize)), ("hts_deal_qty_unit_val", "1"),
            ("lstn_stcn", Kj.N(i.Definition.ListedShares)), ("hts_avls", Kj.W(capEok)),
            ("per", Kj.R2(eps == 0 ? 0 : last / eps)), ("pbr", Kj.R2(bps == 0 ? 0 : last / bps)), ("stac_month", "12"),
            ("vol_tnrt", Kj.R2(i.Volume * 100m / Math.Max(1, i.Definition.ListedShares))), ("eps", Kj.W(eps)), ("bps", Kj.W(bps)),
            ("d250_hgpr", Kj.W(hi250.High)), ("d250_hgpr_date", Kj.Date(hi250.Date)), ("d250_hgpr_vrss_prpr_rate", Kj.R2((last - hi250.High) * 100m / hi250.High)),
            ("d250_lwpr", Kj.W(lo250.Low)), ("d250_lwpr_date", Kj.Date(lo250.Date)), ("d250_lwpr_vrss_prpr_rate", Kj.R2((last - lo250.Low) * 100m / lo250.Low)),
            ("stck_dryy_hgpr", Kj.W(hiY.High)), ("dryy_hgpr_vrss_prpr_rate", Kj.R2((last - hiY.High) * 100m / hiY.High)), ("dryy_hgpr_date", Kj.Date(hiY.Date)),
            ("stck_dryy_lwpr", Kj.W(loY.Low)), ("dryy_lwpr_vrss_prpr_rate", Kj.R2((last - loY.Low) * 100m / loY.Low)), ("dryy_lwpr_date", Kj.Date(loY.Date)),
            ("w52_hgpr", Kj.W(hi52.High)), ("w52_hgpr_vrss_prpr_ctrt", Kj.R2((last - hi52.High) * 100m / hi52.High)), ("w52_hgpr_date", Kj.Date(hi52.Date)),
            ("w52_lwpr", Kj.W(lo52.Low)), ("w52_lwpr_vrss_prpr_ctrt", Kj.R2((last - lo52.Low) * 100m / lo52.Low)), ("w52_lwpr_date", Kj.Date(lo52.Date)),
            ("whol_loan_rmnd_rate", "0.10"), ("ssts_yn", "Y"), ("stck_shrn_iscd", i.Code), ("fcam_cnnm", "100"),
            ("cpfn_cnnm", Kj.W(i.Definition.ListedShares * 100m / 100_000_000m) + " 억"), ("apprch_rate", "0.00"),
            ("frgn_hldn_qty", Kj.N(i.Definition.ListedShares * 3 / 10)), ("vi_cls_code", "N"), ("ovtm_vi_cls_code", "N"),
            ("last_ssts_cntg_qty", "0"), ("invt_caful_yn", "N"), ("mrkt_warn_cls_code", "00"), ("short_over_yn", "N"), ("sltr_yn", "N"),
            ("mang_issu_cls_code", "N"));
        return output;
    }

    public KisResult InquireCcnl(KisRequest r)
    {
        var (s, error) = Resolve(r);
        if (error is not null) return error;
        if (s is null) return new KisResult(KisCodes.QuoteOk).With("output", new JsonArray());
        lock (sim.Exchange.Gate)
        {
            var rows = s.Recent.AsEnumerable().Reverse().Take(30).Select(p => Kj.Obj(
                ("stck_cntg_hour", p.Time.ToKst().ToString("HHmmss")), ("stck_prpr", Kj.W(p.Price)),
                ("prdy_vrss", Kj.W(p.Price - s.BasePrice)), ("prdy_vrss_sign", s.Sign(p.Price)), ("cntg_vol", Kj.N(p.Quantity)),
                ("tday_rltv", Kj.R2(p.Strength)), ("prdy_ctrt", Kj.R2(s.ChangeRate(p.Price)))));
            return new KisResult(KisCodes.QuoteOk).With("output", Kj.Arr(rows));
        }
    }

    public KisResult InquireDailyPrice(KisRequest r)
    {
        var (s, error) = Resolve(r);
        if (error is not null) return error;
        var period = r.Q("FID_PERIOD_DIV_CODE");
        if (period is not ("D" or "W" or "M")) return KisResult.Error(KisCodes.InvalidField.WithMessage("ERROR : INPUT INVALID FID_PERIOD_DIV_CODE"));
        if (s is null) return new KisResult(KisCodes.QuoteOk).With("output", new JsonArray());
        lock (sim.Exchange.Gate)
        {
            var bars = BarAggregation.Aggregate([.. s.History, s.Today], period);
            var rows = new List<JsonObject>();
            for (var k = bars.Count - 1; k >= 0 && rows.Count < 30; k--)
            {
                var b = bars[k];
                var prev = k > 0 ? bars[k - 1] : null;
                var prevClose = prev?.Close ?? b.Open;
                rows.Add(Kj.Obj(
                    ("stck_bsop_date", Kj.Date(b.Date)), ("stck_oprc", Kj.W(b.Open)), ("stck_hgpr", Kj.W(b.High)), ("stck_lwpr", Kj.W(b.Low)),
                    ("stck_clpr", Kj.W(b.Close)), ("acml_vol", Kj.N(b.Volume)),
                    ("prdy_vrss_vol_rate", prev is null || prev.Volume == 0 ? "0.00" : Kj.R2((b.Volume - prev.Volume) * 100m / prev.Volume)),
                    ("prdy_vrss", Kj.W(b.Close - prevClose)), ("prdy_vrss_sign", Sign(b.Close, prevClose, period, s, b.Date)),
                    ("prdy_ctrt", Kj.Pct(b.Close - prevClose, prevClose)), ("hts_frgn_ehrt", "30.00"), ("frgn_ntby_qty", "0"),
                    ("flng_cls_code", "00"), ("acml_prtt_rate", "0.00")));
            }
            return new KisResult(KisCodes.QuoteOk).With("output", Kj.Arr(rows));
        }
    }

    private static string Sign(decimal close, decimal prevClose, string period, InstrumentState s, DateOnly date)
    {
        if (period == "D")
        {
            var limits = KrxRules.DailyLimits(prevClose, s.Market, InstrumentKind.Stock, date);
            if (close >= limits.Upper) return "1";
            if (close <= limits.Lower) return "4";
        }
        return close > prevClose ? "2" : close < prevClose ? "5" : "3";
    }

    public KisResult InquireDailyItemChartPrice(KisRequest r)
    {
        var (s, error) = Resolve(r);
        if (error is not null) return error;
        var period = r.Q("FID_PERIOD_DIV_CODE");
        if (period is not ("D" or "W" or "M" or "Y")) return KisResult.Error(KisCodes.InvalidField.WithMessage("ERROR : INPUT INVALID FID_PERIOD_DIV_CODE"));
        // FID_INPUT_DATE_1 00000101 is "from the beginning" (python-kis sends it when no start is given).
        if (!BarAggregation.TryParseStartDate(r.Q("FID_INPUT_DATE_1"), out var from) || !BarAggregation.TryParseDate(r.Q("FID_INPUT_DATE_2"), out var to))
            return KisResult.Error(KisCodes.InvalidField.WithMessage("ERROR : INPUT INVALID FID_INPUT_DATE"));
        // §4.4: 0 = adjusted prices (수정주가), 1 = original prices (원주가; see CorporateActions for the splits).
        var adjustment = r.Q("FID_ORG_ADJ_PRC");
        if (adjustment is not ("0" or "1")) return KisResult.Error(KisCodes.InvalidField.WithMessage("ERROR : INPUT INVALID FID_ORG_ADJ_PRC"));
        lock (sim.Exchange.Gate)
        {
            if (s is null) return new KisResult(KisCodes.QuoteOk).With("output1", Blank(ChartHeader)).With("output2", new JsonArray());
            var i = s;
            var all = i.History.Append(i.Today).ToList();
            if (adjustment == "1") all = [.. all.Select(b => CorporateActions.Raw(i.Code, b))];
            var inRange = all.Where(b => b.Date >= from && b.Date <= to).ToList();
            var bars = BarAggregation.Aggregate(inRange, period);
            // Previous close of each bar comes from the whole series, so the first row of a window is right too.
            var allAgg = BarAggregation.Aggregate(all, period);
            var prevCloseOf = new Dictionary<DateOnly, decimal>();
            for (var k = 0; k < allAgg.Count; k++) prevCloseOf[allAgg[k].Date] = k > 0 ? allAgg[k - 1].Close : allAgg[k].Open;
            var rows = bars.AsEnumerable().Reverse().Take(100).Select(b =>
            {
                var pc = prevCloseOf.TryGetValue(b.Date, out var p) ? p : b.Open;
                return Kj.Obj(
                    ("stck_bsop_date", Kj.Date(b.Date)), ("stck_clpr", Kj.W(b.Close)), ("stck_oprc", Kj.W(b.Open)), ("stck_hgpr", Kj.W(b.High)),
                    ("stck_lwpr", Kj.W(b.Low)), ("acml_vol", Kj.N(b.Volume)), ("acml_tr_pbmn", Kj.W(b.Amount)), ("flng_cls_code", "00"),
                    ("prtt_rate", "0.00"), ("mod_yn", "N"), ("prdy_vrss_sign", Sign(b.Close, pc, period, i, b.Date)), ("prdy_vrss", Kj.W(b.Close - pc)),
                    ("revl_issu_reas", ""));
            });
            return new KisResult(KisCodes.QuoteOk).With("output1", ChartHeader(i)).With("output2", Kj.Arr(rows));
        }
    }

    /// <summary>output1 of the period chart: the instrument now.</summary>
    private JsonObject ChartHeader(InstrumentState i)
    {
        var prev = i.PreviousDay;
        var (bids, asks) = sim.Exchange.Depth(i.Code);
        var eps = Math.Round(i.Definition.Price / 12m, 0);
        var bps = Math.Round(i.Definition.Price / 1.3m, 0);
        return Kj.Obj(
            ("prdy_vrss", Kj.W(i.Last - i.BasePrice)), ("prdy_vrss_sign", i.Sign(i.Last)), ("prdy_ctrt", Kj.R2(i.ChangeRate(i.Last))),
            ("stck_prdy_clpr", Kj.W(i.BasePrice)), ("acml_vol", Kj.N(i.Volume)), ("acml_tr_pbmn", Kj.W(i.Amount)), ("hts_kor_isnm", i.Name),
            ("stck_prpr", Kj.W(i.Last)), ("stck_shrn_iscd", i.Code), ("prdy_vol", Kj.N(prev?.Volume ?? 0)),
            ("stck_mxpr", Kj.W(i.Limits.Upper)), ("stck_llam", Kj.W(i.Limits.Lower)),
            ("stck_oprc", Kj.W(i.Today.Open)), ("stck_hgpr", Kj.W(i.Today.High)), ("stck_lwpr", Kj.W(i.Today.Low)),
            ("stck_prdy_oprc", Kj.W(prev?.Open ?? 0)), ("stck_prdy_hgpr", Kj.W(prev?.High ?? 0)), ("stck_prdy_lwpr", Kj.W(prev?.Low ?? 0)),
            ("askp", Kj.W(asks.Count > 0 ? asks[0].Price : 0)), ("bidp", Kj.W(bids.Count > 0 ? bids[0].Price : 0)),
            ("prdy_vrss_vol", Kj.N(i.Volume - (prev?.Volume ?? 0))), ("vol_tnrt", Kj.R2(i.Volume * 100m / Math.Max(1, i.Definition.ListedShares))),
            ("stck_fcam", "100"), ("lstn_stcn", Kj.N(i.Definition.ListedShares)), ("cpfn", Kj.W(i.Definition.ListedShares * 100m / 100_000_000m)),
            ("hts_avls", Kj.W(i.Last * i.Definition.ListedShares / 100_000_000m)),
            ("per", Kj.R2(i.Last / eps)), ("eps", Kj.W(eps)), ("pbr", Kj.R2(i.Last / bps)), ("itewhol_loan_rmnd_ratem", "0.10"));
    }

    /// <summary>
    /// 국내주식업종기간별시세 (FHKUP03500100, docs/kis-api-addendum.md): daily bars of the simulator's KOSPI ("0001") or
    /// KOSDAQ ("1001") index (<see cref="SimIndex"/>), today's forming bar included as for instruments; at most 100 rows a
    /// call, newest first. Only FID_PERIOD_DIV_CODE D is served.
    /// </summary>
    public KisResult InquireDailyIndexChartPrice(KisRequest r)
    {
        if (r.Q("FID_COND_MRKT_DIV_CODE") != "U") return KisResult.Error(KisCodes.InvalidMarketDivision);
        if (SimIndex.MarketOf(r.Q("FID_INPUT_ISCD")) is not { } market) return KisResult.Error(KisCodes.UnknownProduct);
        if (r.Q("FID_PERIOD_DIV_CODE") != "D") return KisResult.Error(KisCodes.InvalidField.WithMessage("ERROR : INPUT INVALID FID_PERIOD_DIV_CODE"));
        if (!BarAggregation.TryParseDate(r.Q("FID_INPUT_DATE_1"), out var from) || !BarAggregation.TryParseDate(r.Q("FID_INPUT_DATE_2"), out var to))
            return KisResult.Error(KisCodes.InvalidField.WithMessage("ERROR : INPUT INVALID FID_INPUT_DATE"));
        lock (sim.Exchange.Gate)
        {
            var all = SimIndex.Series(sim.Exchange.Instruments.Where(i => i.Market == market)
                .Select(i => (IReadOnlyList<DailyBar>)[.. i.History, i.Today]), SimIndex.BaseLevel(market));
            var rows = all.Where(b => b.Date >= from && b.Date <= to).Reverse().Take(100).Select(b => Kj.Obj(
                ("stck_bsop_date", Kj.Date(b.Date)), ("bstp_nmix_prpr", Kj.R2(b.Close)), ("bstp_nmix_oprc", Kj.R2(b.Open)),
                ("bstp_nmix_hgpr", Kj.R2(b.High)), ("bstp_nmix_lwpr", Kj.R2(b.Low)), ("acml_vol", Kj.N(b.Volume)),
                ("acml_tr_pbmn", Kj.W(b.Amount)), ("mod_yn", "N")));
            var (last, prev) = (all.Count > 0 ? all[^1] : null, all.Count > 1 ? all[^2] : null);
            var output1 = Kj.Obj(
                ("bstp_nmix_prpr", Kj.R2(last?.Close ?? 0)), ("prdy_nmix", Kj.R2(prev?.Close ?? 0)),
                ("bstp_nmix_prdy_vrss", Kj.R2((last?.Close ?? 0) - (prev?.Close ?? 0))), ("hts_kor_isnm", SimIndex.Name(market)),
                ("bstp_nmix_oprc", Kj.R2(last?.Open ?? 0)), ("bstp_nmix_hgpr", Kj.R2(last?.High ?? 0)), ("bstp_nmix_lwpr", Kj.R2(last?.Low ?? 0)),
                ("acml_vol", Kj.N(last?.Volume ?? 0)), ("acml_tr_pbmn", Kj.W(last?.Amount ?? 0)), ("bstp_cls_code", r.Q("FID_INPUT_ISCD")));
            return new KisResult(KisCodes.QuoteOk).With("output1", output1).With("output2", Kj.Arr(rows));
        }
    }

    /// <summary>
    /// 당일분봉. KIS_API.md lists only path and TR; the query (FID_ETC_CLS_CODE, FID_INPUT_HOUR_1,
    /// FID_PW_DATA_INCU_YN) and fields follow KIS naming conventions (see README). 30 bars at or before the hour, newest first.
    /// </summary>
    public KisResult InquireTimeItemChartPrice(KisRequest r)
    {
        var (s, error) = Resolve(r);
        if (error is not null) return error;
        lock (sim.Exchange.Gate)
        {
            if (s is null) return new KisResult(KisCodes.QuoteOk).With("output1", Blank(MinuteHeader)).With("output2", new JsonArray());
            var i = s;
            var hourText = r.Q("FID_INPUT_HOUR_1");
            // 000000 is "the latest" (python-kis sends it on its first page), as is a blank or a time in the future:
            // KIS answers a future time with the current bars (official sample docstring).
            var until = hourText.Length == 6 && hourText != "000000" && int.TryParse(hourText, out var hhmmss)
                ? new TimeSpan(hhmmss / 10000, hhmmss / 100 % 100, hhmmss % 100)
                : sim.Exchange.Clock.GetUtcNow().ToKst().TimeOfDay;
            var rows = i.Minutes.Values.Where(m => m.Start.TimeOfDay <= until).Reverse().Take(30).Select(m => Kj.Obj(
                ("stck_bsop_date", m.Start.ToString("yyyyMMdd")), ("stck_cntg_hour", m.Start.ToString("HHmm") + "00"),
                ("stck_prpr", Kj.W(m.Close)), ("stck_oprc", Kj.W(m.Open)), ("stck_hgpr", Kj.W(m.High)), ("stck_lwpr", Kj.W(m.Low)),
                ("cntg_vol", Kj.N(m.Volume)), ("acml_tr_pbmn", Kj.W(m.AccumulatedAmount))));
            return new KisResult(KisCodes.QuoteOk).With("output1", MinuteHeader(i)).With("output2", Kj.Arr(rows));
        }
    }

    private static JsonObject MinuteHeader(InstrumentState i) => Kj.Obj(
        ("prdy_vrss", Kj.W(i.Last - i.BasePrice)), ("prdy_vrss_sign", i.Sign(i.Last)), ("prdy_ctrt", Kj.R2(i.ChangeRate(i.Last))),
        ("stck_prdy_clpr", Kj.W(i.BasePrice)), ("acml_vol", Kj.N(i.Volume)), ("acml_tr_pbmn", Kj.W(i.Amount)),
        ("hts_kor_isnm", i.Name), ("stck_prpr", Kj.W(i.Last)));

    /// <summary>
    /// 호가/예상체결. KIS_API.md names only path and TR; the output1 (book) / output2 (quote) field names
    /// follow KIS conventions and the H0STASP0 names (see README). Ten levels a side.
    /// </summary>
    public KisResult InquireAskingPrice(KisRequest r)
    {
        var (s, error) = Resolve(r);
        if (error is not null) return error;
        // python-kis reads a book without askp1 as "not found": empty objects.
        if (s is null) return new KisResult(KisCodes.QuoteOk).With("output1", new JsonObject()).With("output2", new JsonObject());
        lock (sim.Exchange.Gate)
        {
            var i = s;
            var (bids, asks) = sim.Exchange.Depth(i.Code);
            var book = new JsonObject
            {
                ["aspr_acpt_hour"] = sim.Exchange.Clock.GetUtcNow().ToKst().ToString("HHmmss"),
            };
            for (var k = 0; k < 10; k++) book[$"askp{k + 1}"] = Kj.W(k < asks.Count ? asks[k].Price : 0);
            for (var k = 0; k < 10; k++) book[$"bidp{k + 1}"] = Kj.W(k < bids.Count ? bids[k].Price : 0);
            for (var k = 0; k < 10; k++) book[$"askp_rsqn{k + 1}"] = Kj.N(k < asks.Count ? asks[k].Quantity : 0);
            for (var k = 0; k < 10; k++) book[$"bidp_rsqn{k + 1}"] = Kj.N(k < bids.Count ? bids[k].Quantity : 0);
            for (var k = 0; k < 10; k++) book[$"askp_rsqn_icdc{k + 1}"] = "0";
            for (var k = 0; k < 10; k++) book[$"bidp_rsqn_icdc{k + 1}"] = "0";
            book["total_askp_rsqn"] = Kj.N(asks.Sum(a => a.Quantity));
            book["total_bidp_rsqn"] = Kj.N(bids.Sum(b => b.Quantity));
            book["total_askp_rsqn_icdc"] = "0";
            book["total_bidp_rsqn_icdc"] = "0";
            book["ovtm_total_askp_icdc"] = "0";
            book["ovtm_total_bidp_icdc"] = "0";
            book["ovtm_total_askp_rsqn"] = "0";
            book["ovtm_total_bidp_rsqn"] = "0";
            book["ntby_aspr_rsqn"] = Kj.N(bids.Sum(b => b.Quantity) - asks.Sum(a => a.Quantity));
            book["new_mkop_cls_code"] = "20";
            var quote = Kj.Obj(
                ("antc_mkop_cls_code", "311"), ("stck_prpr", Kj.W(i.Last)), ("stck_oprc", Kj.W(i.Today.Open)), ("stck_hgpr", Kj.W(i.Today.High)),
                ("stck_lwpr", Kj.W(i.Today.Low)), ("stck_sdpr", Kj.W(i.BasePrice)), ("antc_cnpr", "0"), ("antc_cntg_vrss_sign", "3"),
                ("antc_cntg_vrss", "0"), ("antc_cntg_prdy_ctrt", "0.00"), ("antc_vol", "0"), ("stck_shrn_iscd", i.Code), ("vi_cls_code", "N"));
            return new KisResult(KisCodes.QuoteOk).With("output1", book).With("output2", quote);
        }
    }
}
