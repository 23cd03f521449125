using KisTrader.Tests.Trading.Support;
using KisTrader.Web.Hosting;
using Microsoft.Extensions.Configuration;

namespace KisTrader.Tests.Backup;

public sealed class BackupOptionsTests
{
    private static AppSettings Load(params (string Key, string? Value)[] values) =>
        AppSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

    [Fact]
    public void Defaults_DailyAt1630Kst_Keep14_IntoTheDataDirectory()
    {
        var s = Load(("Database:DataDirectory", "/srv/kt"));
        Assert.True(s.Backup.Enabled);
        Assert.Equal("0 30 16 ? * *", s.Backup.Schedule);
        Assert.Equal(14, s.Backup.Keep);
        Assert.Equal(Path.GetFullPath("/srv/kt/backups"), s.Backup.FullDirectory(s.Database));
        Assert.Equal(Path.GetFullPath("/mnt/usb/kt"), Load(("Backup:Directory", "/mnt/usb/kt")).Backup.FullDirectory(s.Database));
    }

    [Theory]
    [InlineData("Backup:Keep", "0")]
    [InlineData("Backup:Keep", "lots")]
    [InlineData("Backup:Schedule", "every night")]
    [InlineData("Backup:Enabled", "maybe")]
    [InlineData("Backup:Kept", "3")]
    public void InvalidValue_StopsWithAnErrorNamingTheKey(string key, string value)
    {
        var ex = Assert.Throws<ConfigurationException>(() => Load((key, value)));
        Assert.Contains(ex.Errors, e => e.Contains(key, StringComparison.Ordinal));
    }
}
