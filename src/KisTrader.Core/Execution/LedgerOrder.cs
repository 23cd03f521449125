using KisTrader.Core.Exchange;
using KisTrader.Core.Orders;

namespace KisTrader.Core.Execution;

/// <summary>An order's state in the ledger. The names are persisted (column <c>orders.status</c>): never rename one.</summary>
public enum LedgerOrderStatus
{
    /// <summary>Written, not yet acknowledged. It may or may not have reached the broker (the moment of sending is
    /// not stored), so an Intent found at start-up is reconciled before anything else is sent.</summary>
    Intent,
    /// <summary>Acknowledged: the broker accepted it and gave it a number, nothing filled yet. (Stored as "Sent" since
    /// the first release; the hand-over itself is the <c>Sent</c> lifecycle event.)</summary>
    Sent,
    PartiallyFilled,
    Filled,
    Cancelled,
    Rejected,
    /// <summary>Sent, but the outcome is not known (timeout, dropped response): reconcile before sending again.</summary>
    Unknown,
}

/// <summary>
/// One order in our ledger (table <c>orders</c>), from intent to final state. The order's state machine lives here and
/// nowhere else: every change of status, filled quantity or average price is one of the methods below, which return the
/// new order or refuse with <see cref="IllegalOrderTransitionException"/>. Stores persist what these methods return.
/// <para>Two kinds of message are told apart. A late message that lost a race (a cancel confirmed after the last fill, an
/// acknowledgement after a fill notice) is absorbed: the order comes back unchanged. A change that contradicts what the
/// ledger knows (a fill beyond the quantity, a rejection of an order with fills, re-sending an acknowledged order) is
/// refused. Fills are the broker's facts, so a fill within the quantity is recorded in every state.</para>
/// </summary>
public sealed record LedgerOrder(
    string OrderId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Ticker,
    Side Side,
    long Quantity,
    OrderPriceType Type,
    decimal? LimitPrice,
    LedgerOrderStatus Status,
    string? BrokerOrgNo,
    string? BrokerOrderNo,
    long FilledQuantity,
    decimal? AverageFillPrice,
    string? RunId,
    string? TradeId,
    string? Justification,
    string? LastError,
    OrderContext? Context = null)
{
    public bool IsFinal => Status is LedgerOrderStatus.Filled or LedgerOrderStatus.Cancelled or LedgerOrderStatus.Rejected;
    public bool IsOpen => Status is LedgerOrderStatus.Sent or LedgerOrderStatus.PartiallyFilled;
    /// <summary>Intent or Unknown: the broker may or may not hold it; only the broker's own list can settle it.</summary>
    public bool IsAmbiguous => Status is LedgerOrderStatus.Intent or LedgerOrderStatus.Unknown;
    public long RemainingQuantity => Math.Max(0, Quantity - FilledQuantity);

    /// <summary>A new order, written before the broker hears of it.</summary>
    public static LedgerOrder NewIntent(string orderId, DateTimeOffset at, string ticker, Side side, long quantity, OrderPriceType type,
        decimal? limitPrice, string? runId, string? justification, OrderContext? context = null)
    {
        if (quantity <= 0) throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "An order's quantity must be positive.");
        return new(orderId, at, at, ticker, side, quantity, type, limitPrice, LedgerOrderStatus.Intent, null, null, 0, null, runId, null, justification, null, context);
    }

    /// <summary>Checks that this order may be handed to the broker: only an Intent is, and only once (the gateway writes the
    /// intent, sends it, and records the answer; nothing sends an order the ledger already knows more about).</summary>
    public LedgerOrder Sending()
    {
        if (Status != LedgerOrderStatus.Intent) throw Refused("send", "only an intent is handed to the broker");
        return this;
    }

    /// <summary>The broker accepted it and gave it a number (the REST answer to our send, or an order-accepted notice).
    /// An order the ledger already knows to be further along only gains a missing broker number.</summary>
    public LedgerOrder Acknowledged(string? orgNo, string? orderNo) => Status switch
    {
        LedgerOrderStatus.Intent or LedgerOrderStatus.Unknown =>
            this with { Status = LedgerOrderStatus.Sent, BrokerOrgNo = BrokerOrgNo ?? orgNo, BrokerOrderNo = BrokerOrderNo ?? orderNo, LastError = null },
        LedgerOrderStatus.Rejected => throw Refused("acknowledge", "it was rejected"),
        _ => WithBrokerNumbers(orgNo, orderNo),
    };

    /// <summary>Settled against the broker's own order list, which holds it: like an acknowledgement, but the step is
    /// logged as a reconciliation. An order that was not ambiguous only gains a missing broker number.</summary>
    public LedgerOrder Reconciled(string orgNo, string orderNo) => IsAmbiguous
        ? this with { Status = LedgerOrderStatus.Sent, BrokerOrgNo = BrokerOrgNo ?? orgNo, BrokerOrderNo = BrokerOrderNo ?? orderNo, LastError = null }
        : WithBrokerNumbers(orgNo, orderNo);

    /// <summary>The broker's own list does not hold an ambiguous order after the grace: it was never placed.</summary>
    public LedgerOrder NeverPlaced(string reason) => IsAmbiguous
        ? this with { Status = LedgerOrderStatus.Rejected, LastError = reason }
        : throw Refused("settle as never placed", "the broker holds it");

    /// <summary>Our send got no usable answer. Only the send of an intent can end this way.</summary>
    public LedgerOrder Unknown(string reason) => Status switch
    {
        LedgerOrderStatus.Intent => this with { Status = LedgerOrderStatus.Unknown, LastError = reason },
        LedgerOrderStatus.Unknown => this,
        _ => throw Refused("mark unknown", "its outcome is known"),
    };

    /// <summary>The broker or the exchange refused it. A late refusal of an order already cancelled or rejected is absorbed;
    /// an order with fills cannot have been refused.</summary>
    public LedgerOrder Rejected(string reason)
    {
        if (Status is LedgerOrderStatus.Cancelled or LedgerOrderStatus.Rejected) return this;
        if (FilledQuantity > 0) throw Refused("reject", $"{FilledQuantity} share(s) of it are filled");
        return this with { Status = LedgerOrderStatus.Rejected, LastError = reason };
    }

    /// <summary>The broker confirmed a cancel (of the unfilled rest). A filled order stays filled when the confirmation
    /// arrives after its last fill; a repeated confirmation changes nothing.</summary>
    /// <param name="note">Replaces the last error when given (why we cancelled); a broker's confirmation keeps it.</param>
    public LedgerOrder Cancelled(string? note = null) => IsFinal
        ? this
        : this with { Status = LedgerOrderStatus.Cancelled, LastError = note ?? LastError };

    /// <summary>Records one execution: filled quantity, average fill price and status are computed here and only here.
    /// A fill of zero shares (a notice another channel already counted) changes nothing. A fill of a cancelled order (the
    /// cancel raced it) keeps it cancelled unless the fill completes it; a fill of an intent, an unknown or even a rejected
    /// order is recorded too, since the broker's execution is a fact. A fill beyond the quantity is refused.</summary>
    public LedgerOrder ApplyFill(LedgerFill fill, DateTimeOffset at)
    {
        if (fill.OrderId != OrderId) throw new ArgumentException($"The fill is for order '{fill.OrderId}', not '{OrderId}'.", nameof(fill));
        if (fill.Quantity < 0) throw new ArgumentOutOfRangeException(nameof(fill), fill.Quantity, "A fill quantity cannot be negative.");
        if (fill.Quantity == 0) return this;
        if (fill.Price < 0) throw new ArgumentOutOfRangeException(nameof(fill), fill.Price, "A fill price cannot be negative.");
        var filled = FilledQuantity + fill.Quantity;
        if (filled > Quantity)
            throw Refused($"fill {fill.Quantity} more", $"only {RemainingQuantity} of {Quantity} share(s) remain");
        var average = Math.Round(((AverageFillPrice ?? 0m) * FilledQuantity + fill.Price * fill.Quantity) / filled, 4);
        var status = filled == Quantity ? LedgerOrderStatus.Filled
            : Status == LedgerOrderStatus.Cancelled ? LedgerOrderStatus.Cancelled
            : LedgerOrderStatus.PartiallyFilled;
        return this with { FilledQuantity = filled, AverageFillPrice = average, Status = status, UpdatedAt = at };
    }

    /// <summary>A note on the order (a failed cancel, say) that changes nothing else.</summary>
    public LedgerOrder Noted(string note) => this with { LastError = note };

    private LedgerOrder WithBrokerNumbers(string? orgNo, string? orderNo) =>
        BrokerOrgNo is not null && BrokerOrderNo is not null ? this
            : this with { BrokerOrgNo = BrokerOrgNo ?? orgNo, BrokerOrderNo = BrokerOrderNo ?? orderNo };

    private IllegalOrderTransitionException Refused(string what, string why) => new(OrderId, Status, what, why);
}

/// <summary>A change the order's state machine refuses (see <see cref="LedgerOrder"/>); nothing was written.</summary>
public sealed class IllegalOrderTransitionException(string orderId, LedgerOrderStatus from, string attempted, string reason)
    : InvalidOperationException($"Order '{orderId}' ({from}) cannot {attempted}: {reason}.")
{
    public string OrderId { get; } = orderId;
    public LedgerOrderStatus From { get; } = from;
    public string Attempted { get; } = attempted;
    public string Reason { get; } = reason;
}

/// <summary>One execution of a ledger order. ExecutionKey is unique per execution whatever reported it
/// (notice feed or daily_ccld polling), so a fill is never counted twice.</summary>
public sealed record LedgerFill(string OrderId, string ExecutionKey, long Quantity, decimal Price, DateTimeOffset FilledAt, string Source);
