namespace KisTrader.Tests.Trading.Support;

/// <summary>
/// The in-process composed-app tests run one at a time. Two hosts CAN share the process (checked: two apps, both
/// scheduled, start, run and fire side by side; the Serilog logger, the simulator, the stores and the Hangfire storage,
/// server, activator and filters are per app. Hangfire's process-wide configuration is only its serializer settings, the
/// same for every app, and its log provider, which follows the last app started). They are serialised for time, not correctness: each app runs a simulator, a realtime session and the
/// whole graph, and on two shared cores apps side by side make each other's ticks and fills late, which would stretch
/// the kill switch's one-second window.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ComposedAppCollection
{
    public const string Name = "Composed app";
}
