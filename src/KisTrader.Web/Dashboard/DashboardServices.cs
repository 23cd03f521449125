namespace KisTrader.Web.Dashboard;

/// <summary>Read models for the dashboard pages (nothing here decides or writes).</summary>
public static class DashboardServices
{
    public static IServiceCollection AddKisTraderDashboard(this IServiceCollection services)
    {
        services.AddSingleton<EquityHistory>();
        services.AddSingleton<RecordedTrades>();
        return services;
    }
}
