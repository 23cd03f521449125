using System.Text;
using KisTrader.Kis;
using KisTrader.Kis.Dto;
using KisTrader.Kis.Rest;

namespace KisTrader.Tests.Kis;

/// <summary>
/// Answers KIS gives that are not errors but mean "nothing here" (issue 19, docs/kis-api-addendum.md): the client reads
/// them the way python-kis does, without a zero-won quote and without failing on padding rows.
/// </summary>
public sealed class KisServerVariationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 1, 0, 0, TimeSpan.Zero);

    private static KisResponse Read(string json, string trId = "TEST") => KisResponseReader.Read(trId, 200, null, Encoding.UTF8.GetBytes(json));

    [Fact]
    public void A_successful_quote_with_a_zero_price_is_instrument_not_found()
    {
        var body = """{"output":{"stck_prpr":"0","prdy_vrss":"0","prdy_ctrt":"0.00","stck_oprc":"0","stck_hgpr":"0","stck_lwpr":"0","acml_vol":"0","acml_tr_pbmn":"0","stck_sdpr":"0","stck_mxpr":"0","stck_llam":"0","aspr_unit":"0","rprs_mrkt_kor_name":""},"rt_cd":"0","msg_cd":"MCA00000","msg1":"정상처리 되었습니다."}""";
        var ex = Assert.Throws<KisInstrumentNotFoundException>(() => InquirePriceDto.Parse(Read(body, "FHKST01010100"), "999999", Now));
        Assert.Equal(("999999", "FHKST01010100"), (ex.Ticker, ex.TrId));
        Assert.Null(KisTrader.Core.History.HistoryInstrument.MarketFromKisName(InquirePriceDto.ParseMarketName(Read(body))));
    }

    [Fact]
    public void A_book_without_levels_is_instrument_not_found()
    {
        var body = """{"output1":{},"output2":{},"rt_cd":"0","msg_cd":"MCA00000","msg1":"정상처리 되었습니다."}""";
        Assert.Throws<KisInstrumentNotFoundException>(() => AskingPriceDto.Parse(Read(body), "999999", Now));
    }

    [Fact]
    public void Empty_objects_padding_a_row_array_are_skipped()
    {
        var body = """
            {"output1":{"stck_prpr":"71900","hts_kor_isnm":"삼성전자"},
             "output2":[{"stck_bsop_date":"20261120","stck_clpr":"71900","stck_oprc":"71000","stck_hgpr":"72000","stck_lwpr":"70900","acml_vol":"100","acml_tr_pbmn":"7190000"},{},{}],
             "rt_cd":"0","msg_cd":"MCA00000","msg1":"정상처리 되었습니다."}
            """;
        var (bars, rows) = DailyItemChartPriceDto.Parse(Read(body));
        Assert.Equal((1, 1), (bars.Count, rows));
        Assert.Equal(71_900m, bars[0].Close);
    }

    [Fact]
    public void A_chart_of_an_unknown_code_has_no_bars_and_no_name()
    {
        var body = """{"output1":{"stck_prpr":"0","hts_kor_isnm":""},"output2":[],"rt_cd":"0","msg_cd":"MCA00000","msg1":"정상처리 되었습니다."}""";
        Assert.Empty(DailyItemChartPriceDto.Parse(Read(body)).Bars);
        Assert.Null(DailyItemChartPriceDto.ParseName(Read(body)));
    }
}
