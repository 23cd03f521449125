using System.Text.Json.Nodes;
using KisTrader.Simulator;
using KisTrader.Testing;
using Microsoft.AspNetCore.DataProtection;
using static KisTrader.Tests.Simulator.SimClient;

namespace KisTrader.Tests.Simulator;

/// <summary>Issue 14, finding 6: the state file keeps the issued access tokens and approval keys encrypted (they are bearer
/// secrets), and a restart still accepts what was issued, or, with the keys gone, re-issues cleanly.</summary>
public sealed class StateSecretsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kistrader-sim-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly ManualTimeProvider _time = new(FridayMorning);

    private string StateFile => Path.Combine(_dir, StateStore.FileName);

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
    }

    private async Task<(string Token, string ApprovalKey)> IssueAndStopAsync(IDataProtector? protector = null)
    {
        await using var c = await StartAsync(s => s.StateDirectory = _dir, _time, stateProtector: protector);
        Assert.Equal("0", (await c.BuyAsync("005930", 3)).RtCd);
        return (c.Token, await c.ApprovalKeyAsync());
    }

    [Fact]
    public async Task IssuedTokensAndApprovalKeys_AreEncryptedInTheStateFile_AndTheTokenIsStillAcceptedAfterARestart()
    {
        var (token, approvalKey) = await IssueAndStopAsync();

        var text = await File.ReadAllTextAsync(StateFile);
        Assert.DoesNotContain(token, text);
        Assert.DoesNotContain(approvalKey, text);
        var json = JsonNode.Parse(text)!.AsObject();
        Assert.False(json.ContainsKey("Tokens"));
        Assert.False(json.ContainsKey("ApprovalKeys"));
        Assert.True(json[StateStore.SecretsProperty]!.GetValue<string>().Length > 100);
        Assert.Equal(StateModel.CurrentVersion, json["Version"]!.GetValue<int>());
        // Standalone, the simulator keeps a key ring of its own next to its state.
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_dir, StateStore.KeysDirectoryName), "key-*.xml"));
        // The rest stays readable: the account is there in clear.
        Assert.Contains(Cano, text);

        _time.Advance(TimeSpan.FromSeconds(1));
        await using var again = await StartAsync(s => s.StateDirectory = _dir, _time, withToken: false);
        again.Token = token;
        var balance = await again.BalanceAsync();
        Assert.Equal("0", balance.RtCd);
        Assert.Equal("3", balance.Output1[0].GetProperty("hldg_qty").GetString());
        Assert.Equal(again.AppKey, again.Host.Auth.AppKeyOfApproval(approvalKey));
    }

    [Fact]
    public async Task WithTheKeysLost_TheStateStillLoads_TheOldTokenIsRefused_AndANewOneIsIssuedAtOnce()
    {
        var (token, _) = await IssueAndStopAsync();
        Directory.Delete(Path.Combine(_dir, StateStore.KeysDirectoryName), recursive: true);

        _time.Advance(TimeSpan.FromSeconds(1));
        await using var again = await StartAsync(s => s.StateDirectory = _dir, _time, withToken: false);
        again.Token = token;
        Assert.Equal("EGW00121", (await again.BalanceAsync()).MsgCd);
        // No "one token a minute" refusal: the lost token does not count, so the client re-issues at once.
        again.Token = await again.IssueTokenAsync();
        Assert.NotEqual(token, again.Token);
        var balance = await again.BalanceAsync();
        Assert.Equal("0", balance.RtCd);
        Assert.Equal("3", balance.Output1[0].GetProperty("hldg_qty").GetString());
    }

    [Fact]
    public async Task AnOlderStateFile_WithTokensInClear_IsLoaded_AndRewrittenEncryptedAtStart()
    {
        var (token, _) = await IssueAndStopAsync();
        // Make it a version 1 file: the same state with the tokens in clear, as the simulator wrote it before.
        var json = JsonNode.Parse(await File.ReadAllTextAsync(StateFile))!.AsObject();
        json.Remove(StateStore.SecretsProperty);
        json["Version"] = 1;
        json["Tokens"] = new JsonArray(new JsonObject
        {
            ["Token"] = token, ["AppKey"] = "test-app-key", ["IssuedAt"] = FridayMorning, ["ExpiresAt"] = FridayMorning.AddHours(24), ["Revoked"] = false,
        });
        await File.WriteAllTextAsync(StateFile, json.ToJsonString());

        _time.Advance(TimeSpan.FromSeconds(1));
        await using var again = await StartAsync(s => s.StateDirectory = _dir, _time, withToken: false);
        again.Token = token;
        Assert.Equal("0", (await again.BalanceAsync()).RtCd);
        Assert.DoesNotContain(token, await File.ReadAllTextAsync(StateFile));
    }

    [Fact]
    public async Task AProtectorFromTheHost_IsUsed_AndNoKeyRingOfItsOwnIsMade()
    {
        var provider = new EphemeralDataProtectionProvider();
        var (token, _) = await IssueAndStopAsync(provider.CreateProtector("test"));
        Assert.False(Directory.Exists(Path.Combine(_dir, StateStore.KeysDirectoryName)));
        Assert.DoesNotContain(token, await File.ReadAllTextAsync(StateFile));

        _time.Advance(TimeSpan.FromSeconds(1));
        await using var again = await StartAsync(s => s.StateDirectory = _dir, _time, withToken: false, stateProtector: provider.CreateProtector("test"));
        again.Token = token;
        Assert.Equal("0", (await again.BalanceAsync()).RtCd);
    }
}
