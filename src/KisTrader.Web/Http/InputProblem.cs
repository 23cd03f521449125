using KisTrader.Core.Security;

namespace KisTrader.Web.Http;

/// <summary>The API's answer to input that breaks <see cref="InputLimits"/>: 400 problem details whose detail names each field
/// ("reason: at most 500 characters") and whose <c>errors</c> map field → messages, as ASP.NET's validation problems do.</summary>
public static class InputProblem
{
    public const string Title = "The request's input is not valid.";

    /// <summary>null when every check passed (the caller goes on); else the 400 to return.</summary>
    public static IResult? Refuse(params InputError?[] checks)
    {
        var errors = InputLimits.Collect(checks);
        if (errors.Count == 0) return null;
        return Results.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            detail: string.Join("; ", errors),
            title: Title);
    }
}
