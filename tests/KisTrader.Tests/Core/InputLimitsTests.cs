using KisTrader.Core.Approvals;
using KisTrader.Core.Risk;
using KisTrader.Core.Security;
using KisTrader.Tests.Execution.Support;

namespace KisTrader.Tests.Core;

/// <summary>The one place for input limits: what each check refuses, with the field named, and the kill switch refusing to
/// store an oversized reason even if an edge let it through.</summary>
public sealed class InputLimitsTests
{
    [Theory]
    [InlineData(null, "reason: is required")]
    [InlineData("   ", "reason: is required")]
    [InlineData("stop\0now", "reason: must not contain control characters")]
    [InlineData("stop\u001Bnow", "reason: must not contain control characters")]
    [InlineData("stop\u202Enow", "reason: must not contain control characters")]
    [InlineData("market crash", null)]
    [InlineData("line one\r\nline two\tend", null)]
    public void Reason_IsRequired_AndFreeText_ButNoHiddenCharacters(string? value, string? expected) =>
        Assert.Equal(expected, InputLimits.Reason("reason", value)?.ToString());

    [Fact]
    public void Reason_IsMeasuredAfterTrimming_UpToTheLimit()
    {
        Assert.Null(InputLimits.Reason("reason", "  " + new string('r', InputLimits.ReasonMaxLength) + "  "));
        Assert.Equal($"reason: at most {InputLimits.ReasonMaxLength} characters", InputLimits.Reason("reason", new string('r', InputLimits.ReasonMaxLength + 1))?.ToString());
    }

    [Theory]
    [InlineData("bad\0name")]
    [InlineData("bad\tname")]
    [InlineData("bad\nname")]
    [InlineData("bad\rname")]
    [InlineData("bad\u007Fname")]
    [InlineData("bad\u0085name")]
    [InlineData("bad\u200Bname")]
    [InlineData("bad\u2028name")]
    public void Name_RefusesEveryControlOrInvisibleCharacter(string name) =>
        Assert.Equal("userName: must not contain control characters", InputLimits.Name("userName", name)?.ToString());

    [Fact]
    public void Name_AndPassword_HaveTheirLimits_AndNameTheField()
    {
        Assert.Null(InputLimits.Name("userName", new string('n', InputLimits.UserNameMaxLength)));
        Assert.Equal($"userName: at most {InputLimits.UserNameMaxLength} characters", InputLimits.Name("userName", new string('n', InputLimits.UserNameMaxLength + 1))?.ToString());
        Assert.Equal("userName: is required", InputLimits.Name("userName", null)?.ToString());
        Assert.Null(InputLimits.Name("userName", "김민준"));
        Assert.Equal($"id: at most {InputLimits.IdMaxLength} characters", InputLimits.Id("id", new string('i', InputLimits.IdMaxLength + 1))?.ToString());

        Assert.Null(InputLimits.Password("password", new string('p', InputLimits.PasswordMaxLength)));
        Assert.Equal($"password: at most {InputLimits.PasswordMaxLength} characters", InputLimits.Password("password", new string('p', 1 << 20))?.ToString());
        Assert.Equal("password: is required", InputLimits.Password("password", null)?.ToString());
        // Spaces and any printable character belong in a passphrase.
        Assert.Null(InputLimits.Password("password", " correct horse battery staple 말 "));

        Assert.Null(InputLimits.Filter("actor", ""));
        Assert.Equal("actor: must not contain control characters", InputLimits.Filter("actor", "a\nb")?.ToString());
        Assert.Equal(["a: is required", "c: is required"], InputLimits.Collect(InputLimits.Name("a", ""), null, InputLimits.Name("c", null)).Select(e => e.ToString()));
    }

    [Fact]
    public async Task TheKillSwitch_RefusesToStoreAnOversizedReason_AndChangesNothing()
    {
        await using var h = await GatewayHarness.CreateAsync();
        await h.Approvals.AddAsync(new PendingApproval("p1", "run-1", new KisTrader.Core.Decisions.PlannedOrder("000660", KisTrader.Core.Exchange.Side.Buy, 1, KisTrader.Core.Orders.OrderPriceType.Limit, 20_000m, "t", 0.5m),
            RiskVerdict.Approve(1), h.Clock.GetUtcNow(), h.Clock.GetUtcNow().AddMinutes(10), ApprovalStatus.Pending, null, null, null, null));
        var before = await h.Control.GetAsync();

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => h.Control.HaltAsync("admin", new string('r', InputLimits.ReasonMaxLength + 1)));
        Assert.StartsWith($"reason: at most {InputLimits.ReasonMaxLength} characters", refused.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => h.Control.ReduceAsync("admin", "bad\0reason"));

        // The initial state's time is "now" until someone changes the mode: who, what and why are compared.
        var after = await h.Control.GetAsync();
        Assert.Equal((before.Mode, before.ChangedBy, before.Reason), (after.Mode, after.ChangedBy, after.Reason));
        Assert.Equal(ApprovalStatus.Pending, (await h.Approvals.GetAsync("p1"))!.Status);
        Assert.Empty(await h.Audit.RecentAsync(100));
    }
}
