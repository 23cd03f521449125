using System.Security.Cryptography;
using KisTrader.Core.Audit;
using KisTrader.Core.Ports;
using KisTrader.Web.Hosting.Options;
using Microsoft.AspNetCore.Identity;

namespace KisTrader.Web.Identity;

/// <summary>
/// Creates the roles and, on first start, the admin user: with Admin:Password when configured,
/// otherwise with a generated password printed once to the console (never logged).
/// </summary>
public sealed class AdminSeeder(
    UserManager<IdentityUser> users,
    RoleManager<IdentityRole> roles,
    AdminOptions options,
    IAuditLog audit,
    TimeProvider time,
    ILogger<AdminSeeder> log)
{
    public async Task SeedAsync(TextWriter console)
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");

        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0) return;

        var generated = string.IsNullOrEmpty(options.Password);
        var password = generated ? GeneratePassword() : options.Password!;
        var user = await users.FindByNameAsync(options.UserName);
        if (user is null)
        {
            user = new IdentityUser(options.UserName) { EmailConfirmed = true, LockoutEnabled = true };
            Check(await users.CreateAsync(user, password), "create the admin user (check Admin:Password against the password rules)");
        }
        else
        {
            // The user exists but lost the Admin role: reset the password so the operator can sign in.
            Check(await users.RemovePasswordAsync(user), "reset the admin password");
            Check(await users.AddPasswordAsync(user, password), "reset the admin password");
        }
        Check(await users.AddToRoleAsync(user, Roles.Admin), "grant the Admin role");
        await audit.WriteAsync(new AuditEntry(time.GetUtcNow(), "system", "admin.created", options.UserName, generated ? "generated password" : "password from configuration"));
        log.LogInformation("Created the admin user {UserName}", options.UserName);

        if (generated)
        {
            // Printed, not logged: log files outlive the console and must never hold a password.
            await console.WriteLineAsync("==================================================================");
            await console.WriteLineAsync($" KisTrader created the admin user '{options.UserName}'.");
            await console.WriteLineAsync($" Password: {password}");
            await console.WriteLineAsync(" This is shown once. Sign in and change it now (Account page).");
            await console.WriteLineAsync("==================================================================");
            await console.FlushAsync();
        }
    }

    public static string GeneratePassword()
    {
        const string lower = "abcdefghijkmnopqrstuvwxyz", upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", digits = "23456789", symbols = "!@#$%^*-_=+";
        const string all = lower + upper + digits + symbols;
        var chars = new List<char>
        {
            lower[RandomNumberGenerator.GetInt32(lower.Length)], upper[RandomNumberGenerator.GetInt32(upper.Length)],
            digits[RandomNumberGenerator.GetInt32(digits.Length)], symbols[RandomNumberGenerator.GetInt32(symbols.Length)],
        };
        while (chars.Count < 20) chars.Add(all[RandomNumberGenerator.GetInt32(all.Length)]);
        return new string([.. chars.OrderBy(_ => RandomNumberGenerator.GetInt32(int.MaxValue))]);
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }
}
