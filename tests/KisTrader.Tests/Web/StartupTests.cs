using KisTrader.Testing;

namespace KisTrader.Tests.Web;

public sealed class StartupTests
{
    [Theory]
    [InlineData("Risk__MaxOrderValueKrw", "-1", "Risk:MaxOrderValueKrw")]
    [InlineData("Risk__MaxCapitalKrw", "-1", "Risk:MaxCapitalKrw")]
    [InlineData("Trading__ApprovalMode", "Never", "Trading:ApprovalMode")]
    [InlineData("Trading__MaxSlippagePercent", "-1", "Trading:MaxSlippagePercent")]
    [InlineData("Database__Provider", "PostgreSql", "Database:ConnectionString")]
    public async Task InvalidOption_StopsTheAppWithTheKeyNamed(string envKey, string value, string namedKey)
    {
        await using var app = AppProcess.Launch(new Dictionary<string, string> { [envKey] = value });
        var code = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(2, code);
        Assert.Contains(namedKey, app.StandardError);
        Assert.Contains("configuration is invalid", app.StandardError);
        Assert.False(File.Exists(app.DatabaseFile), "nothing may be created when the configuration is invalid");
    }

    [Fact]
    public async Task FirstStart_WithoutAdminPassword_PrintsAGeneratedPasswordOnceAndNeverLogsIt()
    {
        var workDir = AppProcess.NewWorkDir();
        string password;
        await using (var app = await AppProcess.StartAsync(new Dictionary<string, string> { ["Admin__Password"] = "" }, workDir))
        {
            var line = app.StandardOutput.Split('\n').Single(l => l.Contains("Password: ", StringComparison.Ordinal));
            password = line[(line.IndexOf("Password: ", StringComparison.Ordinal) + 10)..].Trim();
            Assert.True(password.Length >= 12);
            using var client = await app.SignedInClientAsync(AppProcess.AdminUser, password);
        }
        foreach (var f in Directory.GetFiles(Path.Combine(workDir, "logs")))
            Assert.DoesNotContain(password, File.ReadAllText(f));

        await using var again = await AppProcess.StartAsync(new Dictionary<string, string> { ["Admin__Password"] = "" }, workDir);
        Assert.DoesNotContain("Password: ", again.StandardOutput);
    }
}
