using KisTrader.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KisTrader.Data.Configurations;

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiTokenEntity>
{
    public void Configure(EntityTypeBuilder<ApiTokenEntity> b)
    {
        b.ToTable("api_tokens");
        b.HasKey(t => t.Id);
        b.Property(t => t.Id).HasColumnName("id").ValueGeneratedOnAdd();
        b.Property(t => t.UserId).HasColumnName("user_id").IsRequired();
        b.Property(t => t.Name).HasColumnName("name").HasMaxLength(64).IsRequired();
        b.Property(t => t.Prefix).HasColumnName("prefix").HasMaxLength(16).IsRequired();
        b.Property(t => t.Hash).HasColumnName("hash").HasMaxLength(64).IsRequired();
        b.Property(t => t.CreatedAt).HasColumnName("created_at");
        b.Property(t => t.LastUsedAt).HasColumnName("last_used_at");
        b.Property(t => t.RevokedAt).HasColumnName("revoked_at");
        b.HasIndex(t => t.Hash).IsUnique().HasDatabaseName("idx_api_tokens_hash");
        b.HasIndex(t => t.UserId).HasDatabaseName("idx_api_tokens_user_id");
        // A deleted user's tokens go with the user.
        b.HasOne<IdentityUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
