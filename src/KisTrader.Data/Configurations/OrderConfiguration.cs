using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KisTrader.Data.Configurations;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<OrderEntity>
{
    public void Configure(EntityTypeBuilder<OrderEntity> b)
    {
        b.ToTable("orders");
        b.HasKey(o => o.OrderId);
        b.Property(o => o.OrderId).HasColumnName("order_id").HasMaxLength(64);
        b.Property(o => o.CreatedAt).HasColumnName("created_at");
        b.Property(o => o.UpdatedAt).HasColumnName("updated_at");
        b.Property(o => o.Ticker).HasColumnName("ticker").HasMaxLength(6).IsRequired();
        b.Property(o => o.Side).HasColumnName("side").HasMaxLength(4).IsRequired();
        b.Property(o => o.Quantity).HasColumnName("quantity");
        b.Property(o => o.OrderType).HasColumnName("order_type").HasMaxLength(16).IsRequired();
        b.Property(o => o.LimitPrice).HasColumnName("limit_price").HasPrecision(18, 4);
        b.Property(o => o.Status).HasColumnName("status").HasMaxLength(24).IsRequired();
        b.Property(o => o.BrokerOrderNo).HasColumnName("broker_order_no").HasMaxLength(32);
        b.Property(o => o.BrokerOrgNo).HasColumnName("broker_org_no").HasMaxLength(16);
        b.Property(o => o.FilledQuantity).HasColumnName("filled_quantity");
        b.Property(o => o.AverageFillPrice).HasColumnName("average_fill_price").HasPrecision(18, 4);
        b.Property(o => o.RunId).HasColumnName("run_id").HasMaxLength(64);
        b.Property(o => o.TradeId).HasColumnName("trade_id").HasMaxLength(64);
        b.Property(o => o.Justification).HasColumnName("justification");
        b.Property(o => o.LastError).HasColumnName("last_error");
        b.Property(o => o.Context).HasColumnName("context");
        b.HasIndex(o => o.BrokerOrderNo).IsUnique().HasDatabaseName("idx_orders_broker_order_no");
        b.HasIndex(o => o.Status).HasDatabaseName("idx_orders_status");
        b.HasIndex(o => o.CreatedAt).HasDatabaseName("idx_orders_created_at");
        b.HasMany(o => o.Fills).WithOne(f => f.Order).HasForeignKey(f => f.OrderId).OnDelete(DeleteBehavior.Restrict);
    }
}
