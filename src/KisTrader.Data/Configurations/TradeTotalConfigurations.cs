using KisTrader.Data.Entities;
using KisTrader.Data.Stores.Totals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KisTrader.Data.Configurations;

internal sealed class TradeDayTotalConfiguration : IEntityTypeConfiguration<TradeDayTotalEntity>
{
    public void Configure(EntityTypeBuilder<TradeDayTotalEntity> b)
    {
        b.ToTable(TradeTotalsSql.DayTable);
        b.HasKey(t => new { t.Day, t.Ticker, t.Action });
        // First, as the migration created it (a base class's columns would otherwise come first).
        b.Property(t => t.Day).HasColumnName(TradeTotalsSql.DayColumn).HasColumnOrder(0);
        TradeTotalColumns.Map(b);
    }
}

internal sealed class TradeMonthTotalConfiguration : IEntityTypeConfiguration<TradeMonthTotalEntity>
{
    public void Configure(EntityTypeBuilder<TradeMonthTotalEntity> b)
    {
        b.ToTable(TradeTotalsSql.MonthTable);
        b.HasKey(t => new { t.Month, t.Ticker, t.Action });
        b.Property(t => t.Month).HasColumnName(TradeTotalsSql.MonthColumn).HasColumnOrder(0);
        TradeTotalColumns.Map(b);
    }
}

internal sealed class TradeYearTotalConfiguration : IEntityTypeConfiguration<TradeYearTotalEntity>
{
    public void Configure(EntityTypeBuilder<TradeYearTotalEntity> b)
    {
        b.ToTable(TradeTotalsSql.YearTable);
        b.HasKey(t => new { t.Year, t.Ticker, t.Action });
        b.Property(t => t.Year).HasColumnName(TradeTotalsSql.YearColumn).HasColumnOrder(0);
        TradeTotalColumns.Map(b);
    }
}

internal sealed class TradeSideTotalConfiguration : IEntityTypeConfiguration<TradeSideTotalEntity>
{
    public void Configure(EntityTypeBuilder<TradeSideTotalEntity> b)
    {
        b.ToTable(TradeTotalsSql.SideTable);
        b.HasKey(t => new { t.Period, t.Action });
        b.Property(t => t.Period).HasColumnName(TradeTotalsSql.PeriodColumn).HasColumnOrder(0);
        b.Property(t => t.Action).HasColumnName("action").HasMaxLength(4).IsRequired().HasColumnOrder(1);
        TradeTotalColumns.MapAmounts(b);
    }
}

/// <summary>The columns the subtotal tables share (names as in <see cref="TradeTotalsSql.AmountColumns"/>).</summary>
internal static class TradeTotalColumns
{
    public static void Map<T>(EntityTypeBuilder<T> b) where T : TradeTotalRow
    {
        b.Property(t => t.Ticker).HasColumnName("ticker").HasMaxLength(6).IsRequired();
        b.Property(t => t.Action).HasColumnName("action").HasMaxLength(4).IsRequired();
        MapAmounts(b);
    }

    /// <summary>The amounts, by property name: the per-ticker rows and the side rows declare them alike.</summary>
    public static void MapAmounts<T>(EntityTypeBuilder<T> b) where T : class
    {
        b.Property<long>(nameof(TradeTotalRow.TradeCount)).HasColumnName("trade_count");
        b.Property<long>(nameof(TradeTotalRow.ValueE4)).HasColumnName("value_e4");
        b.Property<long>(nameof(TradeTotalRow.Known7)).HasColumnName("known_7");
        b.Property<long>(nameof(TradeTotalRow.Pnl7E4)).HasColumnName("pnl_7_e4");
        b.Property<long>(nameof(TradeTotalRow.Known30)).HasColumnName("known_30");
        b.Property<long>(nameof(TradeTotalRow.Pnl30E4)).HasColumnName("pnl_30_e4");
    }
}
