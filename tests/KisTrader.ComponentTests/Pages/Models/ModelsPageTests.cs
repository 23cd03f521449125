using KisTrader.Core.InMemory;
using KisTrader.Core.Ml.Drift;
using KisTrader.Core.Ml.Evaluation;
using KisTrader.Core.Ml.Registry;
using KisTrader.Core.Ml.Training;
using KisTrader.Core.Ports;
using KisTrader.Web.Components.Pages.Models;
using KisTrader.Web.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.ComponentTests.Pages.Models;

public sealed class ModelsPageTests : ComponentTest
{
    private const string Signal = "up5d-1pct";
    private readonly InMemoryModelRegistry _registry = new();
    private readonly FakeAuditLog _audit = new();
    private readonly FakeModelTraining _training = new();
    private readonly FakeDriftMonitor _drift = new();

    public ModelsPageTests()
    {
        Services.AddSingleton<IModelRegistry>(_registry);
        Services.AddSingleton<IAuditLog>(_audit);
        Services.AddSingleton(new ModelRegistryService(_registry, _audit, new PromotionOptions(), Clock));
        Services.AddSingleton<IModelTrainingService>(_training);
        Services.AddSingleton<IDriftMonitor>(_drift);
    }

    private static ModelVersion Version(int n, string trainer, double f1, GatedBacktestResult? backtest = null) => new()
    {
        Signal = Signal, Version = n, Trainer = trainer, Window = new TrainingWindow(new DateOnly(2024, 1, 2), new DateOnly(2026, 11, 30)),
        Features = ["return_1d", "volume_ratio_1d", "rsi14"], FeatureSetVersion = "daily/v1", HyperParameters = new Dictionary<string, string>(),
        DataSha256 = new string('a', 64), CreatedAt = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero).AddDays(n),
        Metrics = new ModelMetrics { F1 = f1, Precision = 0.5, Recall = 0.6, RocAuc = 0.71, AveragePrecision = 0.4, Brier = 0.2, Threshold = 0.42, BaselineF1 = 0.1, TestRows = 100 },
        Backtest = backtest,
    };

    private static readonly GatedBacktestResult Backtest = new()
    {
        From = new DateOnly(2026, 6, 1), To = new DateOnly(2026, 11, 30), GatedReturn = 0.05, UngatedReturn = 0.03, GatedMaxDrawdown = 0.04, UngatedMaxDrawdown = 0.09,
    };

    private static ModelReport Report() => new()
    {
        TestRows = 100, Threshold = 0.42, PositiveRate = 0.3,
        Classes = [new ReportClass("not up", 0.8, 0.7, 0.75, 70), new ReportClass("up", 0.5, 0.6, 0.55, 30)],
        Confusion = [[49, 21], [12, 18]],
        PrCurve = [new PrPoint(0.1, 0.3, 1.0), new PrPoint(0.42, 0.46, 0.6), new PrPoint(0.9, 0.8, 0.1)], AveragePrecision = 0.4,
        Calibration = [new ReliabilityBin(0, 0.5, 60, 0.3, 0.25), new ReliabilityBin(0.5, 1, 40, 0.7, 0.6)], Brier = 0.2,
        ImportanceScore = "ROC AUC", ImportanceBaseline = 0.71, ImportanceRows = 100,
        Importance = [new ReportFeature("volume_ratio_1d", 0.12, 0.01), new ReportFeature("rsi14", 0.02, 0.005), new ReportFeature("return_1d", -0.001, 0.002)],
    };

    private async Task AddAsync(ModelVersion v, ModelReport? report = null)
    {
        ModelArtifact[] artifacts = report is null
            ? [new ModelArtifact(ModelArtifact.MlNet, [1, 2, 3])]
            : [new ModelArtifact(ModelArtifact.MlNet, [1, 2, 3]), new ModelArtifact(ModelReport.Format, report.ToJson())];
        await _registry.AddAsync(v with { Artifacts = [.. artifacts.Select(a => a.Info)] }, artifacts);
    }

    [Fact]
    public async Task The_table_lists_the_versions_newest_first_with_their_metrics_status_and_gated_excess()
    {
        await AddAsync(Version(1, "lr", 0.41, Backtest));
        await AddAsync(Version(2, "rf", 0.523));
        await _registry.ActivateAsync(Signal, 1, "promoted by alice: first", Clock.GetUtcNow());
        SignIn(Roles.Viewer);

        var cut = Render<ModelsPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=model-row]").Count));
        var rows = cut.FindAll("[data-testid=model-row]");
        Assert.Equal(["2", "1"], rows.Select(r => r.GetAttribute("data-version")));
        Assert.Equal(["candidate", "active"], rows.Select(r => r.GetAttribute("data-status")));
        Assert.Equal("0.523", rows[0].QuerySelector("[data-testid=model-f1]")!.TextContent);
        Assert.Equal("not run", rows[0].QuerySelector("[data-testid=model-excess]")!.TextContent);
        Assert.Equal("+2.00%", rows[1].QuerySelector("[data-testid=model-excess]")!.TextContent);
        Assert.Contains("promoted by alice: first", rows[1].TextContent);
        Assert.Contains("rf", rows[0].TextContent);
        Assert.Contains("2024-01-02 – 2026-11-30", rows[0].TextContent);
        Assert.Equal(Signal, cut.Find("[data-testid=signal-select]").GetAttribute("value"));
    }

    [Fact]
    public async Task A_version_with_a_report_shows_its_charts_confusion_matrix_per_class_metrics_and_gated_backtest()
    {
        await AddAsync(Version(1, "lr", 0.55, Backtest), Report());
        SignIn(Roles.Viewer);

        var cut = Render<ModelsPage>();

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=model-detail]").GetAttribute("data-version")));
        Assert.Single(cut.FindAll("[data-testid=pr-chart]"));
        Assert.Single(cut.FindAll("[data-testid=importance-chart]"));
        Assert.Single(cut.FindAll("[data-testid=calibration-chart]"));
        Assert.Empty(cut.FindAll("[data-testid=no-report]"));
        Assert.Equal("21", cut.Find("[data-testid=confusion-cell][data-actual='0'][data-predicted='1']").TextContent);
        Assert.Equal("18", cut.Find("[data-testid=confusion-cell][data-actual='1'][data-predicted='1']").TextContent);
        Assert.Equal(["not up", "up"], cut.FindAll("[data-testid=class-row]").Select(r => r.GetAttribute("data-class")));
        var gated = cut.Find("[data-testid=gated-backtest]");
        Assert.Contains("5.00%", gated.QuerySelector("[data-metric=return]")!.TextContent);
        Assert.Contains("3.00%", gated.QuerySelector("[data-metric=return]")!.TextContent);
        Assert.Contains("-9.00%", gated.QuerySelector("[data-metric=drawdown]")!.TextContent);
    }

    [Fact]
    public void The_charts_are_built_from_the_report()
    {
        var report = Report();

        var pr = ModelCharts.PrCurve(report);
        var importance = ModelCharts.Importance(report);

        // The curve, the no-skill line at the positive rate, and the operating point (the up class's recall and precision).
        Assert.Equal(3, pr.Data.Count);
        var curve = Assert.IsType<Plotly.Blazor.Traces.Scatter>(pr.Data[0]);
        Assert.Equal([1.0, 0.6, 0.1], curve.X.Cast<double>());
        Assert.Equal([0.3, 0.3], Assert.IsType<Plotly.Blazor.Traces.Scatter>(pr.Data[1]).Y.Cast<double>());
        var op = Assert.IsType<Plotly.Blazor.Traces.Scatter>(pr.Data[2]);
        Assert.Equal([0.6], op.X.Cast<double>());
        Assert.Equal([0.5], op.Y.Cast<double>());
        // The most important feature drawn on top (Plotly's last category).
        var bar = Assert.IsType<Plotly.Blazor.Traces.Bar>(Assert.Single(importance.Data));
        Assert.Equal(["return_1d", "rsi14", "volume_ratio_1d"], bar.Y.Cast<string>());
    }

    [Fact]
    public async Task A_version_without_a_report_says_so_instead_of_drawing_charts()
    {
        await AddAsync(Version(1, "lr", 0.55));
        SignIn(Roles.Viewer);

        var cut = Render<ModelsPage>();

        cut.WaitForAssertion(() => Assert.Contains("No report stored", cut.Find("[data-testid=no-report]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=pr-chart]"));
        Assert.Empty(cut.FindAll("[data-testid=importance-chart]"));
        Assert.Empty(cut.FindAll("[data-testid=confusion-table]"));
        Assert.Single(cut.FindAll("[data-testid=backtest-not-run]"));
    }

    [Fact]
    public async Task An_unreadable_report_is_named_as_such_and_nothing_is_drawn()
    {
        ModelArtifact[] artifacts = [new ModelArtifact(ModelReport.Format, "{ \"testRows\": "u8.ToArray())];
        await _registry.AddAsync(Version(1, "lr", 0.55) with { Artifacts = [.. artifacts.Select(a => a.Info)] }, artifacts);
        SignIn(Roles.Viewer);

        var cut = Render<ModelsPage>();

        cut.WaitForAssertion(() => Assert.Contains("The report of up5d-1pct v1 could not be read", cut.Find("[data-testid=report-error]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=pr-chart]"));
        Assert.Empty(cut.FindAll("[data-testid=no-report]"));
        Assert.Single(cut.FindAll("[data-testid=model-metrics]"));
    }

    [Fact]
    public async Task Clicking_a_row_shows_that_version()
    {
        await AddAsync(Version(1, "lr", 0.55), Report());
        await AddAsync(Version(2, "rf", 0.6));
        SignIn(Roles.Viewer);
        var cut = Render<ModelsPage>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=no-report]")));

        cut.Find("[data-testid=model-row][data-version='1']").Click();

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=model-detail]").GetAttribute("data-version")));
        Assert.Single(cut.FindAll("[data-testid=pr-chart]"));
    }

    [Fact]
    public async Task A_viewer_sees_everything_read_only_and_an_admin_gets_train_promote_and_roll_back()
    {
        await AddAsync(Version(1, "lr", 0.41, Backtest));
        await AddAsync(Version(2, "rf", 0.5, Backtest));
        await AddAsync(Version(3, "lgbm", 0.6));
        await _registry.ActivateAsync(Signal, 1, "first", Clock.GetUtcNow());
        await _registry.ActivateAsync(Signal, 2, "second", Clock.GetUtcNow()); // v1 retired
        SignIn(Roles.Viewer);
        var viewer = Render<ModelsPage>();
        viewer.WaitForAssertion(() => Assert.Equal(3, viewer.FindAll("[data-testid=model-row]").Count));
        Assert.Empty(viewer.FindAll("[data-testid=train-form]"));
        Assert.Empty(viewer.FindAll("[data-testid=promote-version]"));
        Assert.Empty(viewer.FindAll("[data-testid=rollback-version]"));
        await DisposeComponentsAsync();

        SignIn(Roles.Admin);
        var admin = Render<ModelsPage>();
        admin.WaitForAssertion(() => Assert.Equal(3, admin.FindAll("[data-testid=model-row]").Count));
        Assert.Single(admin.FindAll("[data-testid=train-form]"));
        // Promote on the candidate, roll back on the retired one, nothing on the active one.
        Assert.Single(admin.FindAll("[data-testid=model-row][data-version='3'] [data-testid=promote-version]"));
        Assert.Single(admin.FindAll("[data-testid=model-row][data-version='1'] [data-testid=rollback-version]"));
        Assert.Empty(admin.FindAll("[data-testid=model-row][data-version='2'] button"));
    }

    [Fact]
    public async Task A_refused_promotion_shows_every_reason_and_keeps_the_candidate()
    {
        // F1 0.05 under the baseline's 0.1, and no gated backtest yet.
        await AddAsync(Version(1, "lr", 0.05));
        SignIn(Roles.Admin);
        var dialogs = RenderProviders();
        var cut = Render<ModelsPage>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=promote-version]")));

        cut.Find("[data-testid=promote-version]").Click();
        dialogs.WaitForElement("textarea[data-testid=reason-input]").Input("looks better");
        dialogs.Find("[data-testid=reason-confirm]").Click();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=refusal-reason]").Count));
        Assert.Equal(["F1BelowMargin", "NoGatedBacktest"], cut.FindAll("[data-testid=refusal-reason]").Select(r => r.GetAttribute("data-code")));
        Assert.Contains("not promoted", cut.Find("[data-testid=promotion-refused]").TextContent);
        Assert.Contains("has no gated-backtest result", cut.Find("[data-testid=promotion-refused]").TextContent);
        Assert.Equal("candidate", cut.Find("[data-testid=model-row][data-version='1']").GetAttribute("data-status"));
        Assert.Equal(ModelStatus.Candidate, (await _registry.GetAsync(Signal, 1))!.Status);
        Assert.Contains(_audit.Entries, e => e.Action == "model.promote-refused" && e.Actor == AdminName);
    }

    [Fact]
    public async Task A_promotion_that_passes_the_rule_activates_the_candidate()
    {
        await AddAsync(Version(1, "lr", 0.4, Backtest));
        SignIn(Roles.Admin);
        var dialogs = RenderProviders();
        var cut = Render<ModelsPage>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=promote-version]")));

        cut.Find("[data-testid=promote-version]").Click();
        dialogs.WaitForElement("textarea[data-testid=reason-input]").Input("beats the baseline");
        dialogs.Find("[data-testid=reason-confirm]").Click();

        cut.WaitForAssertion(() => Assert.Equal("active", cut.Find("[data-testid=model-row][data-version='1']").GetAttribute("data-status")));
        Assert.Empty(cut.FindAll("[data-testid=promotion-refused]"));
        Assert.Contains(_audit.Entries, e => e.Action == "model.promote" && e.Details?.StartsWith("beats the baseline", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_rollback_needs_a_reason_cancelling_changes_nothing_and_with_one_the_older_version_is_active_again()
    {
        await AddAsync(Version(1, "lr", 0.41, Backtest));
        await AddAsync(Version(2, "rf", 0.5, Backtest));
        await _registry.ActivateAsync(Signal, 1, "first", Clock.GetUtcNow());
        await _registry.ActivateAsync(Signal, 2, "second", Clock.GetUtcNow());
        SignIn(Roles.Admin);
        var dialogs = RenderProviders();
        var cut = Render<ModelsPage>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=rollback-version]")));

        cut.Find("[data-testid=rollback-version]").Click();
        dialogs.WaitForElement("[data-testid=reason-dialog]");
        Assert.True(dialogs.Find("[data-testid=reason-confirm]").HasAttribute("disabled"));
        dialogs.Find("textarea[data-testid=reason-input]").Input("   ");
        Assert.True(dialogs.Find("[data-testid=reason-confirm]").HasAttribute("disabled"));
        dialogs.Find("[data-testid=reason-cancel]").Click();
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=reason-dialog]")));
        Assert.Equal(ModelStatus.Retired, (await _registry.GetAsync(Signal, 1))!.Status);
        Assert.DoesNotContain(_audit.Entries, e => e.Action == "model.rollback");

        cut.Find("[data-testid=rollback-version]").Click();
        dialogs.WaitForElement("textarea[data-testid=reason-input]").Input("v2 misbehaves live");
        dialogs.Find("[data-testid=reason-confirm]").Click();

        cut.WaitForAssertion(() => Assert.Equal("active", cut.Find("[data-testid=model-row][data-version='1']").GetAttribute("data-status")));
        Assert.Equal("retired", cut.Find("[data-testid=model-row][data-version='2']").GetAttribute("data-status"));
        var entry = Assert.Single(_audit.Entries, e => e.Action == "model.rollback");
        Assert.Equal((AdminName, "up5d-1pct v1"), (entry.Actor, entry.Target));
        Assert.StartsWith("v2 misbehaves live", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_now_sends_the_request_and_the_page_follows_the_pushed_progress_then_shows_the_new_version()
    {
        SignIn(Roles.Admin);
        var cut = Render<ModelsPage>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=models-none]")));
        cut.Find("[data-testid=train-models]").Change("rf");
        cut.Find("input[data-testid=train-from]").Change("2025-01-02");

        cut.Find("[data-testid=train-start]").Click();

        var request = Assert.Single(_training.Requests);
        Assert.Equal(("rf", new DateOnly(2025, 1, 2), (DateOnly?)null, AdminName, "manual"), (request.Models, request.From, request.To, request.RequestedBy, request.Trigger));
        cut.WaitForAssertion(() => Assert.Equal("features", cut.Find("[data-testid=train-progress]").GetAttribute("data-stage")));
        Assert.True(cut.Find("[data-testid=train-start]").HasAttribute("disabled"));

        // Steps pushed from the training's thread, as the real service does.
        await Task.Run(() => _training.Push(new TrainingProgress("run-1", "walk-forward rf 2/4", 2, 4, "Fold 2 of 4", Clock.GetUtcNow(), false)));
        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid=train-progress]").GetAttribute("data-done")));
        Assert.Contains("Fold 2 of 4", cut.Find("[data-testid=train-progress-text]").TextContent);

        await AddAsync(Version(1, "rf", 0.6), Report());
        await Task.Run(() => _training.Push(new TrainingProgress("run-1", "done", 4, 4, "rf v1 registered", Clock.GetUtcNow(), true, RegisteredVersions: [1])));

        cut.WaitForAssertion(() => Assert.Equal("done", cut.Find("[data-testid=train-last]").GetAttribute("data-status")));
        Assert.Empty(cut.FindAll("[data-testid=train-progress]"));
        Assert.Equal("3", cut.Find("[data-testid=train-last]").GetAttribute("data-moves"));
        Assert.Contains("v1", cut.Find("[data-testid=train-registered]").TextContent);
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=model-detail]").GetAttribute("data-version")));
        Assert.Single(cut.FindAll("[data-testid=pr-chart]"));
        Assert.False(cut.Find("[data-testid=train-start]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_failed_run_shows_its_error()
    {
        SignIn(Roles.Viewer);
        var cut = Render<ModelsPage>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=models-none]")));

        await Task.Run(() => _training.Push(new TrainingProgress("run-9", "features", 0, 4, "Computing features", Clock.GetUtcNow(), false)));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=train-progress]")));
        await Task.Run(() => _training.Push(new TrainingProgress("run-9", "failed", 0, 4, "failed", Clock.GetUtcNow(), true, "no daily bars stored (collect first)")));

        cut.WaitForAssertion(() => Assert.Equal("failed", cut.Find("[data-testid=train-last]").GetAttribute("data-status")));
        Assert.Contains("no daily bars stored (collect first)", cut.Find("[data-testid=train-last]").TextContent);
    }

    [Fact]
    public void While_a_run_is_going_the_button_is_disabled_on_every_page_and_a_start_that_slips_through_shows_the_services_refusal()
    {
        _training.Push(new TrainingProgress("weekly-7", "walk-forward lr 1/4", 1, 4, "Fold 1 of 4", Clock.GetUtcNow(), false));
        SignIn(Roles.Admin);
        var cut = Render<ModelsPage>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=models-none]")));
        Assert.True(cut.Find("[data-testid=train-start]").HasAttribute("disabled"));
        Assert.Contains("weekly-7", cut.Find("[data-testid=train-progress-text]").TextContent);
        _training.Push(new TrainingProgress("weekly-7", "done", 4, 4, "done", Clock.GetUtcNow(), true));
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=train-start]").HasAttribute("disabled")));

        // Another run began in the meantime and this page has not heard of it yet: the service refuses, the page says why.
        _training.RunningElsewhere = "Training run weekly-8 is already going (features): one run at a time.";
        cut.Find("[data-testid=train-start]").Click();

        cut.WaitForAssertion(() => Assert.Contains("weekly-8 is already going", cut.Find("[data-testid=train-error]").TextContent));
        Assert.Empty(_training.Requests);
    }

    [Fact]
    public void A_date_that_is_not_a_date_is_refused_on_the_page_naming_the_field()
    {
        SignIn(Roles.Admin);
        var cut = Render<ModelsPage>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=models-none]")));
        cut.Find("input[data-testid=train-to]").Change("2026-13-01");

        cut.Find("[data-testid=train-start]").Click();

        Assert.Contains("To: a date in the format yyyy-MM-dd", cut.Find("[data-testid=train-error]").TextContent);
        Assert.Empty(_training.Requests);
    }

    [Fact]
    public async Task Drift_per_feature_is_listed_most_drifted_first_with_the_alert_highlighted()
    {
        await AddAsync(Version(1, "lr", 0.41, Backtest));
        await _registry.ActivateAsync(Signal, 1, "first", Clock.GetUtcNow());
        _drift.Reports[Signal] = new DriftReport(Signal, 1, Clock.GetUtcNow(), new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 4), 160,
            [new FeatureDrift("rsi14", 0.04, "stable"), new FeatureDrift("volume_ratio_1d", 0.31, "drift"), new FeatureDrift("return_1d", 0.12, "moderate")], Alert: true);
        SignIn(Roles.Viewer);

        var cut = Render<ModelsPage>();

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=drift-row]").Count));
        Assert.Equal(["volume_ratio_1d", "return_1d", "rsi14"], cut.FindAll("[data-testid=drift-row]").Select(r => r.GetAttribute("data-feature")));
        Assert.Contains("1 feature(s)", cut.Find("[data-testid=drift-alert]").TextContent);
        Assert.Contains("kt-drift", cut.Find("[data-testid=drift-row][data-feature='volume_ratio_1d']").ClassName);
        Assert.DoesNotContain("kt-drift", cut.Find("[data-testid=drift-row][data-feature='rsi14']").ClassName ?? "");
        Assert.Contains("0.310", cut.Find("[data-testid=drift-row][data-feature='volume_ratio_1d']").TextContent);
    }

    [Fact]
    public async Task Without_a_drift_check_the_page_says_so()
    {
        await AddAsync(Version(1, "lr", 0.41));
        SignIn(Roles.Viewer);

        var cut = Render<ModelsPage>();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=no-drift]")));
        Assert.Empty(cut.FindAll("[data-testid=drift-alert]"));
    }

    [Fact]
    public async Task Leaving_the_page_stops_listening_to_the_training()
    {
        SignIn(Roles.Viewer);
        Render<ModelsPage>();
        Assert.Equal(1, _training.Listeners);

        await DisposeComponentsAsync();

        Assert.Equal(0, _training.Listeners);
    }
}
