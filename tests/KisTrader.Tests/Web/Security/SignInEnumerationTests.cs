using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KisTrader.Core.Ports;
using KisTrader.Testing;
using KisTrader.Tests.Trading.Support;
using KisTrader.Web.Identity;
using Xunit.Abstractions;

namespace KisTrader.Tests.Web.Security;

/// <summary>
/// Issue 14, finding 4: the sign-in form must not tell whether an account exists, neither by its answer nor by its time.
/// An unknown user, a known user with a wrong password and a locked account are tried in turn (interleaved, in a
/// shuffled order each round, after a warm-up), through the real form over HTTP.
/// </summary>
[Collection(ComposedAppCollection.Name)]
public sealed class SignInEnumerationTests(SecurityAppFixture fixture, ITestOutputHelper output) : IClassFixture<SecurityAppFixture>
{
    private const int WarmUpRounds = 5;
    /// <summary>Enough for the medians to hold still on two busy cores: with 30 rounds and a load of 20 the two medians of
    /// the same work were seen 15-19% apart; the standard error shrinks with the square root of the rounds.</summary>
    private const int Rounds = 60;
    /// <summary>Each known user fails at most ceil((5 + 60) / 20) = 4 times: none reaches the lockout (5) during the test.</summary>
    private const int KnownUsers = 20;
    private const string KnownPassword = "Known-User-Pass-7";
    private const string LockedUser = "locked-enum";
    private const string LockedPassword = "Locked-User-Pass-7";
    private const string WrongPassword = "Wrong-Password-42";

    private SecurityApp App => fixture.App;

    /// <summary>What a caller can observe of a sign-in answer, apart from its time.</summary>
    private sealed record Answer(int Status, string? Location, string Body, string Cookies)
    {
        public static async Task<Answer> OfAsync(HttpResponseMessage r) => new((int)r.StatusCode, r.Headers.Location?.OriginalString,
            await r.Content.ReadAsStringAsync(),
            string.Join(",", r.Headers.TryGetValues("Set-Cookie", out var c) ? c.Select(v => v.Split('=')[0]).Order() : []));
    }

    [Fact]
    public async Task UnknownUser_WrongPassword_AndLockedAccount_GetTheSameAnswer_InAboutTheSameTime()
    {
        using var admin = await App.SignedInClientAsync();
        for (var i = 0; i < KnownUsers; i++) await CreateUserAsync(admin, $"known-enum-{i}", KnownPassword);
        await CreateUserAsync(admin, LockedUser, LockedPassword);

        using var client = App.NewClient();
        var token = await AntiforgeryTokenAsync(client);
        async Task<(Answer Answer, double Ms)> AttemptAsync(string user, string password)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["userName"] = user, ["password"] = password, ["returnUrl"] = "/trades",
            });
            var watch = Stopwatch.StartNew();
            using var response = await client.PostAsync(AccountEndpoints.LoginPath, form);
            watch.Stop();
            return (await Answer.OfAsync(response), watch.Elapsed.TotalMilliseconds);
        }

        // Five wrong passwords lock the account (Identity's lockout is kept); the admin sees it.
        for (var i = 0; i < 5; i++) await AttemptAsync(LockedUser, WrongPassword);
        Assert.True(await IsLockedAsync(admin, LockedUser), "five failures did not lock the account");

        var knownNext = 0;
        (string User, string Password) Credentials(string kind) => kind switch
        {
            "unknown" => ("nobody-" + Guid.NewGuid().ToString("N")[..8], WrongPassword),
            "known" => ($"known-enum-{knownNext++ % KnownUsers}", WrongPassword),
            _ => (LockedUser, WrongPassword),
        };
        string[] kinds = ["unknown", "known", "locked"];
        var answers = new List<(string Kind, Answer Answer)>();
        var times = kinds.ToDictionary(k => k, _ => new List<double>());
        var random = new Random(14);
        for (var round = 0; round < WarmUpRounds + Rounds; round++)
        {
            // Interleaved, in a new order each round: a slow patch of the machine hits every kind alike.
            foreach (var kind in kinds.OrderBy(_ => random.Next()))
            {
                var (user, password) = Credentials(kind);
                var (answer, ms) = await AttemptAsync(user, password);
                answers.Add((kind, answer));
                if (round >= WarmUpRounds) times[kind].Add(ms);
            }
        }
        // The locked account's right password gets the same answer too.
        answers.Add(("locked, right password", (await AttemptAsync(LockedUser, LockedPassword)).Answer));

        var distinct = answers.GroupBy(a => a.Answer).ToList();
        Assert.True(distinct.Count == 1, "Different answers:\n" + string.Join("\n", distinct.Select(g => $"{g.Key} <- {string.Join(", ", g.Select(a => a.Kind).Distinct())}")));
        var only = distinct[0].Key;
        Assert.Equal((int)HttpStatusCode.Redirect, only.Status);
        Assert.Equal($"{AccountEndpoints.LoginPath}?error={AccountEndpoints.FailedError}&returnUrl=%2Ftrades", only.Location);

        var median = times.ToDictionary(t => t.Key, t => Median(t.Value));
        var report = string.Join(", ", kinds.Select(k =>
            $"{k} median {median[k]:0.0} ms (min {times[k].Min():0.0}, 10th percentile {Percentile(times[k], 0.10):0.0}, max {times[k].Max():0.0})"));
        output.WriteLine(report);
        output.WriteLine(SecurityReport.Record("signInEnumeration", new
        {
            rounds = Rounds, warmUpRounds = WarmUpRounds, distinctAnswers = distinct.Count,
            medianMs = median.ToDictionary(m => m.Key, m => Math.Round(m.Value, 1)),
            percentile10Ms = times.ToDictionary(t => t.Key, t => Math.Round(Percentile(t.Value, 0.10), 1)),
        }));
        // The acceptance: unknown and known within 20% of each other (and the locked account too).
        AssertWithin(median, "unknown", "known", report);
        AssertWithin(median, "locked", "known", report);

        // The lockout is still recorded and shown to the admin: locked for the admin, one audit entry for the attempt that
        // locked it (not one per later attempt), and the known users are not locked by fewer than five failures.
        Assert.True(await IsLockedAsync(admin, LockedUser));
        Assert.False(await IsLockedAsync(admin, "known-enum-0"));
        var audit = await App.App.Get<IAuditLog>().RecentAsync(10_000);
        Assert.Single(audit, e => e.Action == UniformSignIn.LockedOutAction && e.Target == LockedUser);

        // Not a test that cannot fail: the right password of a known user signs in, to the page asked for.
        var (welcome, _) = await AttemptAsync("known-enum-1", KnownPassword);
        Assert.Equal("/trades", welcome.Location);
    }

    private static void AssertWithin(Dictionary<string, double> median, string a, string b, string report)
    {
        var gap = Math.Abs(median[a] - median[b]) / Math.Max(median[a], median[b]);
        Assert.True(gap <= 0.20, $"The median sign-in times of {a} and {b} differ by {gap:P0} (at most 20% allowed): {report}");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static double Percentile(List<double> values, double p) => values.Order().ElementAt((int)Math.Floor(p * (values.Count - 1)));

    private static async Task CreateUserAsync(HttpClient admin, string name, string password)
    {
        var r = await admin.PostAsJsonAsync("/api/admin/users", new { userName = name, password, role = Roles.Viewer });
        Assert.True(r.IsSuccessStatusCode, $"create {name}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }

    private static async Task<bool> IsLockedAsync(HttpClient admin, string name)
    {
        var users = await admin.GetFromJsonAsync<JsonElement>("/api/admin/users");
        return users.EnumerateArray().Single(u => u.GetProperty("userName").GetString() == name).GetProperty("lockedOut").GetBoolean();
    }

    internal static async Task<string> AntiforgeryTokenAsync(HttpClient client) =>
        AppProcess.FormToken(await client.GetStringAsync(AccountEndpoints.LoginPath));
}
