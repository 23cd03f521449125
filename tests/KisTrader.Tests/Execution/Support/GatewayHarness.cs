using KisTrader.Core.InMemory;
using KisTrader.Core.Events;
using KisTrader.Core.Execution;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;
using KisTrader.Core.Rules;
using KisTrader.Data;
using KisTrader.Data.Stores;
using KisTrader.Tests.Data;
using KisTrader.Tests.Loopback.Support;

namespace KisTrader.Tests.Execution.Support;

/// <summary>The real gateway, recorder, tracker and kill switch over a SQLite file, with a scripted broker.</summary>
internal sealed class GatewayHarness : IAsyncDisposable
{
    public string ConnectionString { get; }
    public TestContextFactory Factory { get; }
    public ShiftableClock Clock { get; } = new();
    public ScriptedRouter Router { get; } = new();
    public FakeAccount Account { get; } = new();
    public FakeMarket Market { get; } = new();
    public InMemoryEventBus Bus { get; } = new();
    public InMemoryApprovalStore Approvals { get; } = new();
    public EfOrderLedger Ledger { get; }
    public EfTradingModeStore Modes { get; }
    public EfAuditLog Audit { get; }
    public LedgerRecorder Recorder { get; }
    public OrderGateway Gateway { get; }
    public TradingControl Control { get; }
    public RiskContextBuilder Contexts { get; }
    public EfEquityMarks Marks { get; }

    private GatewayHarness(string cs, RiskLimits? limits, IStrategyRules? rules, Func<IOrderLedger, IOrderLedger>? recorderLedger)
    {
        ConnectionString = cs;
        Factory = new TestContextFactory(DatabaseProvider.Sqlite, cs);
        Ledger = new EfOrderLedger(Factory, Clock);
        Modes = new EfTradingModeStore(Factory, Clock);
        Audit = new EfAuditLog(Factory);
        Recorder = new LedgerRecorder(recorderLedger?.Invoke(Ledger) ?? Ledger, Bus, Clock);
        Marks = new EfEquityMarks(Factory, Clock);
        var contexts = Contexts = new RiskContextBuilder(Account, Market, Ledger, Modes, rules ?? NoStrategyRules.Instance,
            new StaticTradingUniverse(["000660"]), Marks, Clock);
        Gateway = new OrderGateway(new RiskEngine(limits ?? Limits, new KisTrader.Core.Market.TradingCosts(0m)), contexts, Recorder, Router, Account, Clock);
        Control = new TradingControl(Modes, Audit, Approvals, Gateway, Bus, Clock);
    }

    public static readonly RiskLimits Limits = new()
    {
        MaxTickerWeightPercent = 100m,
        MaxOrderValueKrw = 1_000_000_000m,
        MaxOrdersPerDay = 100,
        DailyLossLimitPercent = 50m,
        WeeklyLossLimitPercent = 50m,
        MinCashReservePercent = 0m,
    };

    /// <param name="recorderLedger">Wraps the ledger the recorder and the gateway use (a test that interleaves another
    /// writer at a chosen moment); <see cref="Ledger"/> stays the store itself.</param>
    public static async Task<GatewayHarness> CreateAsync(RiskLimits? limits = null, IStrategyRules? rules = null, string? connectionString = null,
        Func<IOrderLedger, IOrderLedger>? recorderLedger = null)
    {
        var cs = connectionString ?? NewDatabase();
        var h = new GatewayHarness(cs, limits, rules, recorderLedger);
        await new DatabaseInitializer(h.Factory).InitializeAsync();
        return h;
    }

    public static string NewDatabase() => TestContextFactory.NewSqliteConnectionString("gateway");

    public FillTracker Tracker(FillTrackerOptions? options = null) => new(Bus, Recorder, Account, Gateway, Clock, options);

    public ValueTask DisposeAsync()
    {
        Bus.Dispose();
        return ValueTask.CompletedTask;
    }
}
