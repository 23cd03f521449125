using KisTrader.Testing;

namespace KisTrader.Tests.Web;

public sealed class SecretsInLogsTests
{
    [Fact]
    public async Task ARunWithKnownSecrets_LeavesNoneInLogFilesOrConsole()
    {
        var secrets = new Dictionary<string, string>
        {
            ["Kis__AppKey"] = "PSknownAppKey00000000000000000000001",
            ["Kis__AppSecret"] = "knownAppSecret+/0000000000000000000000000000000002",
            ["Kis__AccountNumber"] = "50098765",
            ["Llm__ApiKey"] = "sk-knownLlmApiKey000000000000003",
            ["Notifications__SmtpPassword"] = "knownSmtpPassword004",
        };
        await using var app = await AppProcess.StartAsync(secrets);
        using (var client = await app.SignedInClientAsync())
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
            await client.GetAsync("/admin/users");
        }
        // Someone pastes a secret into the user-name box: the refusal is logged, the secret is not.
        await AppProcess.SignInAsync(app.NewClient(), secrets["Kis__AppKey"], secrets["Kis__AppSecret"]);
        await Task.Delay(1500); // the file sinks flush every second
        await app.StopAsync();

        var texts = Directory.GetFiles(app.LogDir).Select(File.ReadAllText).Append(app.StandardOutput).Append(app.StandardError).ToList();
        Assert.Contains(texts, t => t.Contains("Sign-in refused", StringComparison.Ordinal));
        foreach (var secret in secrets.Values)
            Assert.DoesNotContain(texts, t => t.Contains(secret, StringComparison.Ordinal));
    }
}
