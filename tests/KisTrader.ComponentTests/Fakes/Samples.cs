using KisTrader.Core.Approvals;
using KisTrader.Core.Decisions;
using KisTrader.Core.Exchange;
using KisTrader.Core.Orders;
using KisTrader.Core.Risk;

namespace KisTrader.ComponentTests;

public static class Samples
{
    public static PendingApproval Approval(string id, ApprovalStatus status, DateTimeOffset at, string ticker = "005930") => new(
        id, "run-" + id, new PlannedOrder(ticker, Side.Buy, 1, OrderPriceType.Market, null, "test order", 0.7m),
        RiskVerdict.Approve(1, requiresApproval: true), at, at.AddMinutes(10), status,
        status == ApprovalStatus.Pending ? null : "alice", status == ApprovalStatus.Pending ? null : at, status == ApprovalStatus.Pending ? null : "decided", null);
}
