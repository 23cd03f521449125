using System.Text.RegularExpressions;

namespace KisTrader.Tests.Architecture;

/// <summary>An order's status, filled quantity and average fill price change only through the state machine in
/// KisTrader.Core.Execution.LedgerOrder (issue 15); before it, the fill rule lived in the EF store and each fake had its own.
/// The mapping to the <c>orders</c> row copies what the order type decided and is the one other file allowed to name them.</summary>
public sealed partial class OrderStateMachineTests
{
    private static readonly string[] Allowed =
    [
        Path.Combine("src", "KisTrader.Core", "Execution", "LedgerOrder.cs"),
        Path.Combine("src", "KisTrader.Data", "Stores", "LedgerMapping.cs"),
    ];

    [GeneratedRegex(@"\bStatus\s*=\s*LedgerOrderStatus\.|\b(FilledQuantity|AverageFillPrice)\s*=[^=>]|\bnew\s+LedgerOrder\s*\(")]
    private static partial Regex OrderStateWrite();

    [Fact]
    public void OrderStateIsWrittenOnlyByTheOrderType()
    {
        var root = KisTrader.Testing.AppProcess.RepoRoot;
        // The scan must see real files: the order type itself holds the writes.
        Assert.Matches(OrderStateWrite(), File.ReadAllText(Path.Combine(root, Allowed[0])));
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file);
            if (Allowed.Contains(relative) || IsBuildOutput(relative)) continue;
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var code = lines[i].TrimStart();
                if (code.StartsWith("//", StringComparison.Ordinal)) continue;
                if (OrderStateWrite().IsMatch(code)) offenders.Add($"{relative}:{i + 1}: {code}");
            }
        }
        Assert.True(offenders.Count == 0, "Change an order's state through LedgerOrder's transitions (Acknowledged, ApplyFill, Cancelled...):\n" + string.Join('\n', offenders));
    }

    [Theory]
    [InlineData("await recorder.UpdateAsync(latest with { Status = LedgerOrderStatus.Cancelled, LastError = why }, OrderEventKind.Cancel, ct);", true)]
    [InlineData("    Status = LedgerOrderStatus.Cancelled,", true)]
    [InlineData("order.FilledQuantity = filled;", true)]
    [InlineData("order.AverageFillPrice = Math.Round(sum / filled, 4);", true)]
    [InlineData("var intent = new LedgerOrder(id, now, now, ticker, side, qty, type, price, LedgerOrderStatus.Intent, null, null, 0, null, run, null, why, null);", true)]
    [InlineData("if (order.Status == LedgerOrderStatus.Intent) return;", false)]
    [InlineData("var filled = order.FilledQuantity >= order.Quantity;", false)]
    [InlineData("run = run with { Status = RunStatus.Running };", false)]
    public void OrderStateWritePattern_CatchesTheOldWrites(string line, bool matches) =>
        Assert.Equal(matches, OrderStateWrite().IsMatch(line));

    private static bool IsBuildOutput(string relative)
    {
        var parts = relative.Split(Path.DirectorySeparatorChar);
        return parts.Contains("obj") || parts.Contains("bin") || parts.Contains("node_modules");
    }
}
