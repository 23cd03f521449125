using KisTrader.Core.Errors;

namespace KisTrader.Data.Instance;

/// <summary>Another KisTrader process holds the database (see <see cref="InstanceLock"/>).</summary>
public sealed class InstanceLockedException(string message) : TradingSystemException(message);
