using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KisTrader.Data.Configurations;

internal sealed class HistoryCollectionConfiguration : IEntityTypeConfiguration<HistoryCollectionEntity>
{
    public void Configure(EntityTypeBuilder<HistoryCollectionEntity> b)
    {
        b.ToTable("history_collections");
        b.HasKey(x => x.Id).HasName("PK_history_collections");
        b.Property(x => x.Id).HasColumnName("id").HasMaxLength(36);
        b.Property(x => x.FinishedAtMs).HasColumnName("finished_at_ms");
        b.Property(x => x.Summary).HasColumnName("summary").IsRequired();
        b.HasIndex(x => x.FinishedAtMs).HasDatabaseName("IX_history_collections_finished_at_ms");
    }
}
