using System.ComponentModel.DataAnnotations;
using System.Reflection;
using KisTrader.Web.Hosting.Options;
using Microsoft.Extensions.Options;

namespace KisTrader.Web.Hosting;

/// <summary>
/// All option sections, bound and validated together before the host is built, so one bad value
/// stops start-up with every problem listed and each key named.
/// </summary>
public sealed record AppSettings(
    KisOptions Kis,
    SimulatorOptions Simulator,
    LlmOptions Llm,
    TradingOptions Trading,
    RiskOptions Risk,
    DatabaseOptions Database,
    NotificationsOptions Notifications,
    AdminOptions Admin,
    LogsOptions Logs,
    ReflectionOptions Reflection,
    BackupOptions Backup,
    WebOptions Web,
    AlertsOptions Alerts,
    HistoryOptions History,
    ModelPromotionOptions ModelPromotion,
    MlOptions Ml)
{
    public static AppSettings Load(IConfiguration configuration)
    {
        var errors = new List<string>();
        var settings = new AppSettings(
            Bind<KisOptions>(configuration, errors),
            Bind<SimulatorOptions>(configuration, errors),
            Bind<LlmOptions>(configuration, errors),
            Bind<TradingOptions>(configuration, errors),
            Bind<RiskOptions>(configuration, errors),
            Bind<DatabaseOptions>(configuration, errors),
            Bind<NotificationsOptions>(configuration, errors),
            Bind<AdminOptions>(configuration, errors),
            Bind<LogsOptions>(configuration, errors),
            Bind<ReflectionOptions>(configuration, errors),
            Bind<BackupOptions>(configuration, errors),
            Bind<WebOptions>(configuration, errors),
            Bind<AlertsOptions>(configuration, errors),
            Bind<HistoryOptions>(configuration, errors),
            Bind<ModelPromotionOptions>(configuration, errors),
            Bind<MlOptions>(configuration, errors));
        if (errors.Count > 0) throw new ConfigurationException(errors);
        return settings;
    }

    /// <summary>Every secret value in the configuration, for the log redactor.</summary>
    public IEnumerable<string?> Secrets() =>
    [
        Kis.AppKey, Kis.AppSecret, Kis.AccountNumber, Llm.ApiKey, Admin.Password,
        Notifications.SmtpPassword, Notifications.WebhookUrl?.ToString(),
        Database.Provider == Data.DatabaseProvider.PostgreSql ? PasswordOf(Database.ConnectionString) : null,
    ];

    public void Register(IServiceCollection services)
    {
        services.AddSingleton(this);
        Add(services, Kis); Add(services, Simulator); Add(services, Llm); Add(services, Trading); Add(services, Risk);
        Add(services, Database); Add(services, Notifications); Add(services, Admin); Add(services, Logs); Add(services, Reflection);
        Add(services, Backup); Add(services, Web); Add(services, Alerts); Add(services, History); Add(services, ModelPromotion);
        Add(services, Ml);
    }

    private static void Add<T>(IServiceCollection services, T value) where T : class
    {
        services.AddSingleton(value);
        services.AddSingleton<IOptions<T>>(Microsoft.Extensions.Options.Options.Create(value));
    }

    public static string SectionOf<T>() => typeof(T).GetCustomAttribute<OptionsSectionAttribute>()?.Name
        ?? throw new InvalidOperationException($"{typeof(T).Name} has no [OptionsSection].");

    private static T Bind<T>(IConfiguration configuration, List<string> errors) where T : class, new()
    {
        var section = SectionOf<T>();
        var value = new T();
        try
        {
            configuration.GetSection(section).Bind(value, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            errors.Add(DescribeBindError(configuration.GetSection(section), typeof(T), ex));
            return value;
        }
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true);
        foreach (var r in results)
        {
            var members = r.MemberNames.Any() ? r.MemberNames : [""];
            foreach (var m in members)
                errors.Add($"{section}:{m}: {r.ErrorMessage}");
        }
        return value;
    }

    private static string DescribeBindError(IConfigurationSection section, Type type, InvalidOperationException ex)
    {
        // The binder names the path for bad values ("... at 'Risk:MaxOrdersPerDay' to type ...")
        // but not the path of unknown keys (nor the section); find them so the operator can find the line.
        var message = ex.Message;
        const string unknown = "the following properties were not found on the instance of";
        if (message.Contains(unknown, StringComparison.Ordinal))
        {
            var paths = UnknownKeys(section, type).ToList();
            if (paths.Count == 0)
                paths = [.. message[(message.LastIndexOf(':') + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(n => $"{section.Path}:{n.Trim('\'')}")];
            return string.Join("; ", paths.Select(p => $"{p}: is not a known setting (check the spelling)"));
        }
        return $"{section.Path}: {message}";
    }

    /// <summary>Configuration keys under <paramref name="section"/> with no property on <paramref name="type"/>, nested
    /// option objects included (arrays and dictionaries are the binder's to judge).</summary>
    private static IEnumerable<string> UnknownKeys(IConfigurationSection section, Type type)
    {
        foreach (var child in section.GetChildren())
        {
            var property = type.GetProperty(child.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                yield return child.Path;
                continue;
            }
            var t = property.PropertyType;
            if (t.IsClass && t != typeof(string) && !typeof(System.Collections.IEnumerable).IsAssignableFrom(t) && t.Namespace?.StartsWith("KisTrader", StringComparison.Ordinal) == true)
                foreach (var nested in UnknownKeys(child, t))
                    yield return nested;
        }
    }

    private static string? PasswordOf(string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString)) return null;
        foreach (var part in connectionString.Split(';'))
        {
            var kv = part.Split('=', 2);
            if (kv.Length == 2 && kv[0].Trim().Equals("password", StringComparison.OrdinalIgnoreCase)) return kv[1].Trim();
        }
        return null;
    }
}
