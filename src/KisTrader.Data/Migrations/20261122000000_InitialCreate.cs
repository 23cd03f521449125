using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Data.Migrations;

/// <summary>Trades, the order and fill ledger, the audit log, prompt versions and Identity (schema v1).</summary>
[DbContext(typeof(KisTraderDbContext))]
[Migration("20261122000000_InitialCreate")]
public sealed class InitialCreate : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("trades", t => new
        {
            trade_id = t.Column<string>(maxLength: 64, nullable: false),
            timestamp = t.Column<DateTime>(nullable: false),
            ticker = t.Column<string>(maxLength: 6, nullable: false),
            action = t.Column<string>(maxLength: 4, nullable: false),
            quantity = t.Column<long>(nullable: false),
            price = t.Column<decimal>(precision: 18, scale: 4, nullable: false),
            justification_text = t.Column<string>(nullable: false),
            market_snapshot = t.Column<string>(nullable: false),
            portfolio_before = t.Column<string>(nullable: false),
            pnl_7_days = t.Column<decimal>(precision: 18, scale: 4, nullable: true),
            pnl_30_days = t.Column<decimal>(precision: 18, scale: 4, nullable: true),
        }, constraints: t => t.PrimaryKey("PK_trades", x => x.trade_id));
        m.CreateIndex("idx_trades_timestamp", "trades", "timestamp");
        m.CreateIndex("idx_trades_ticker", "trades", "ticker");
        m.CreateIndex("idx_trades_action", "trades", "action");

        m.CreateTable("orders", t => new
        {
            order_id = t.Column<string>(maxLength: 64, nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
            updated_at = t.Column<DateTime>(nullable: false),
            ticker = t.Column<string>(maxLength: 6, nullable: false),
            side = t.Column<string>(maxLength: 4, nullable: false),
            quantity = t.Column<long>(nullable: false),
            order_type = t.Column<string>(maxLength: 16, nullable: false),
            limit_price = t.Column<decimal>(precision: 18, scale: 4, nullable: true),
            status = t.Column<string>(maxLength: 24, nullable: false),
            broker_order_no = t.Column<string>(maxLength: 32, nullable: true),
            broker_org_no = t.Column<string>(maxLength: 16, nullable: true),
            filled_quantity = t.Column<long>(nullable: false),
            average_fill_price = t.Column<decimal>(precision: 18, scale: 4, nullable: true),
            run_id = t.Column<string>(maxLength: 64, nullable: true),
            trade_id = t.Column<string>(maxLength: 64, nullable: true),
            justification = t.Column<string>(nullable: true),
            last_error = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_orders", x => x.order_id));
        m.CreateIndex("idx_orders_broker_order_no", "orders", "broker_order_no", unique: true);
        m.CreateIndex("idx_orders_status", "orders", "status");
        m.CreateIndex("idx_orders_created_at", "orders", "created_at");

        m.CreateTable("fills", t => new
        {
            fill_id = t.Column<long>(nullable: false).AutoIncrement(),
            order_id = t.Column<string>(maxLength: 64, nullable: false),
            execution_key = t.Column<string>(maxLength: 128, nullable: false),
            quantity = t.Column<long>(nullable: false),
            price = t.Column<decimal>(precision: 18, scale: 4, nullable: false),
            filled_at = t.Column<DateTime>(nullable: false),
            source = t.Column<string>(maxLength: 16, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_fills", x => x.fill_id);
            t.ForeignKey("FK_fills_orders_order_id", x => x.order_id, "orders", "order_id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("idx_fills_execution_key", "fills", "execution_key", unique: true);
        m.CreateIndex("idx_fills_order_id", "fills", "order_id");

        m.CreateTable("audit_log", t => new
        {
            id = t.Column<long>(nullable: false).AutoIncrement(),
            timestamp = t.Column<DateTime>(nullable: false),
            actor = t.Column<string>(maxLength: 256, nullable: false),
            action = t.Column<string>(maxLength: 64, nullable: false),
            target = t.Column<string>(maxLength: 256, nullable: false),
            details = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_audit_log", x => x.id));
        m.CreateIndex("idx_audit_log_timestamp", "audit_log", "timestamp");

        m.CreateTable("prompt_versions", t => new
        {
            prompt_name = t.Column<string>(maxLength: 64, nullable: false),
            version = t.Column<int>(nullable: false),
            text = t.Column<string>(nullable: false),
            parent_version = t.Column<int>(nullable: true),
            reason = t.Column<string>(nullable: false),
            author = t.Column<string>(maxLength: 256, nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
            is_active = t.Column<bool>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_prompt_versions", x => new { x.prompt_name, x.version }));

        CreateIdentitySchema(m);
    }

    private static void CreateIdentitySchema(MigrationBuilder m)
    {
        m.CreateTable("AspNetRoles", t => new
        {
            Id = t.Column<string>(nullable: false),
            Name = t.Column<string>(maxLength: 256, nullable: true),
            NormalizedName = t.Column<string>(maxLength: 256, nullable: true),
            ConcurrencyStamp = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_AspNetRoles", x => x.Id));

        m.CreateTable("AspNetUsers", t => new
        {
            Id = t.Column<string>(nullable: false),
            UserName = t.Column<string>(maxLength: 256, nullable: true),
            NormalizedUserName = t.Column<string>(maxLength: 256, nullable: true),
            Email = t.Column<string>(maxLength: 256, nullable: true),
            NormalizedEmail = t.Column<string>(maxLength: 256, nullable: true),
            EmailConfirmed = t.Column<bool>(nullable: false),
            PasswordHash = t.Column<string>(nullable: true),
            SecurityStamp = t.Column<string>(nullable: true),
            ConcurrencyStamp = t.Column<string>(nullable: true),
            PhoneNumber = t.Column<string>(nullable: true),
            PhoneNumberConfirmed = t.Column<bool>(nullable: false),
            TwoFactorEnabled = t.Column<bool>(nullable: false),
            LockoutEnd = t.Column<DateTimeOffset>(nullable: true),
            LockoutEnabled = t.Column<bool>(nullable: false),
            AccessFailedCount = t.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_AspNetUsers", x => x.Id));

        m.CreateTable("AspNetRoleClaims", t => new
        {
            Id = t.Column<int>(nullable: false).AutoIncrement(),
            RoleId = t.Column<string>(nullable: false),
            ClaimType = t.Column<string>(nullable: true),
            ClaimValue = t.Column<string>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
            t.ForeignKey("FK_AspNetRoleClaims_AspNetRoles_RoleId", x => x.RoleId, "AspNetRoles", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("AspNetUserClaims", t => new
        {
            Id = t.Column<int>(nullable: false).AutoIncrement(),
            UserId = t.Column<string>(nullable: false),
            ClaimType = t.Column<string>(nullable: true),
            ClaimValue = t.Column<string>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
            t.ForeignKey("FK_AspNetUserClaims_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("AspNetUserLogins", t => new
        {
            LoginProvider = t.Column<string>(nullable: false),
            ProviderKey = t.Column<string>(nullable: false),
            ProviderDisplayName = t.Column<string>(nullable: true),
            UserId = t.Column<string>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
            t.ForeignKey("FK_AspNetUserLogins_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("AspNetUserRoles", t => new
        {
            UserId = t.Column<string>(nullable: false),
            RoleId = t.Column<string>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
            t.ForeignKey("FK_AspNetUserRoles_AspNetRoles_RoleId", x => x.RoleId, "AspNetRoles", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_AspNetUserRoles_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("AspNetUserTokens", t => new
        {
            UserId = t.Column<string>(nullable: false),
            LoginProvider = t.Column<string>(nullable: false),
            Name = t.Column<string>(nullable: false),
            Value = t.Column<string>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
            t.ForeignKey("FK_AspNetUserTokens_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateIndex("IX_AspNetRoleClaims_RoleId", "AspNetRoleClaims", "RoleId");
        m.CreateIndex("RoleNameIndex", "AspNetRoles", "NormalizedName", unique: true);
        m.CreateIndex("IX_AspNetUserClaims_UserId", "AspNetUserClaims", "UserId");
        m.CreateIndex("IX_AspNetUserLogins_UserId", "AspNetUserLogins", "UserId");
        m.CreateIndex("IX_AspNetUserRoles_RoleId", "AspNetUserRoles", "RoleId");
        m.CreateIndex("EmailIndex", "AspNetUsers", "NormalizedEmail");
        m.CreateIndex("UserNameIndex", "AspNetUsers", "NormalizedUserName", unique: true);
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[] { "AspNetUserTokens", "AspNetUserRoles", "AspNetUserLogins", "AspNetUserClaims", "AspNetRoleClaims", "AspNetUsers", "AspNetRoles", "prompt_versions", "audit_log", "fills", "orders", "trades" })
            m.DropTable(table);
    }
}
