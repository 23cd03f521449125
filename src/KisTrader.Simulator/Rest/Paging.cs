namespace KisTrader.Simulator.Rest;

/// <summary>
/// tr_cont paging (KIS_API.md §3.2/§3.3): the response body carries ctx_area_fk100/nk100 (space-padded
/// to 100), the client feeds them back as CTX_AREA_FK100/NK100 with request header tr_cont N.
/// Response header tr_cont: M = more pages, D = last page.
/// </summary>
public static class Paging
{
    public static int Offset(KisRequest r)
    {
        if (!string.Equals(r.TrCont, "N", StringComparison.OrdinalIgnoreCase)) return 0;
        var nk = r.QRaw("CTX_AREA_NK100").Trim();
        var parts = nk.Split('^');
        return parts.Length >= 2 && parts[0] == "OFFSET" && int.TryParse(parts[1], out var n) && n >= 0 ? n : 0;
    }

    /// <summary>Takes one page and sets the ctx fields and tr_cont on the result.</summary>
    public static List<T> Page<T>(KisResult result, IReadOnlyList<T> all, int offset, int pageSize, string fk)
    {
        var page = all.Skip(offset).Take(pageSize).ToList();
        var next = offset + page.Count;
        var more = next < all.Count;
        result.TrCont = more ? "M" : "D";
        result.With("ctx_area_fk100", fk.PadRight(100));
        result.With("ctx_area_nk100", (more ? $"OFFSET^{next}^" : "").PadRight(100));
        return page;
    }
}
