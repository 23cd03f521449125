using KisTrader.Core.Errors;

namespace KisTrader.Kis;

/// <summary>The KIS function exists only for real accounts ("모의투자 미지원"); the adapters use a computed fallback instead.</summary>
public sealed class KisRealOnlyException(string function)
    : TradingSystemException($"KIS {function} is not available for paper accounts.")
{
    public string Function { get; } = function;
}
