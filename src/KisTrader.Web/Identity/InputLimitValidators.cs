using KisTrader.Core.Security;
using Microsoft.AspNetCore.Identity;

namespace KisTrader.Web.Identity;

/// <summary>Identity refuses a user name beyond <see cref="InputLimits"/> whoever creates the user (Users page, API, seeder).
/// Its own allowed-character list already keeps control characters out.</summary>
public sealed class UserNameLimitValidator : IUserValidator<IdentityUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<IdentityUser> manager, IdentityUser user) =>
        Task.FromResult(InputLimits.Name("userName", user.UserName) is { } error
            ? IdentityResult.Failed(new IdentityError { Code = "UserNameLimit", Description = error.ToString() })
            : IdentityResult.Success);
}

/// <summary>Identity refuses a password beyond <see cref="InputLimits.PasswordMaxLength"/> on every path that sets one
/// (create, change, reset), so no account can have a password that sign-in would refuse unread.</summary>
public sealed class PasswordLimitValidator : IPasswordValidator<IdentityUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<IdentityUser> manager, IdentityUser user, string? password) =>
        Task.FromResult(InputLimits.Password("password", password) is { } error
            ? IdentityResult.Failed(new IdentityError { Code = "PasswordLimit", Description = error.ToString() })
            : IdentityResult.Success);
}
