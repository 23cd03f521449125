using System.Security.Cryptography;
using KisTrader.Core.Audit;
using KisTrader.Core.Ports;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KisTrader.Web.Identity;

/// <summary>
/// A password hash of a random password, made once with the app's <see cref="PasswordHasherOptions"/>: sign-in verifies
/// an unknown user's password against it, so that costs the same key derivation as a real user's check.
/// </summary>
public sealed class DecoyPasswordHash(IOptions<PasswordHasherOptions> options)
{
    private readonly Lazy<string> _hash = new(() =>
        new PasswordHasher<IdentityUser>(options).HashPassword(new IdentityUser(), RandomNumberGenerator.GetHexString(32)));

    public string Hash => _hash.Value;
}

/// <summary>
/// Password sign-in that tells nobody whether an account exists: an unknown user, a wrong password and a locked account
/// get the same answer (false) after the same work (one password-hash verification and one user lookup). Identity's
/// own <see cref="SignInManager{TUser}.PasswordSignInAsync(string, string, bool, bool)"/> answers an unknown name and a
/// locked account without hashing (3-8 ms against about 100 ms) and tells "locked" apart. Failures still count towards
/// the lockout (Identity's AccessFailed), the admin sees the locked account on the Users page, and the audit log records
/// the attempt that locked it.
/// </summary>
public sealed class UniformSignIn(
    SignInManager<IdentityUser> signIn,
    UserManager<IdentityUser> users,
    IPasswordHasher<IdentityUser> hasher,
    DecoyPasswordHash decoy,
    IAuditLog audit,
    TimeProvider time,
    ILogger<UniformSignIn> log)
{
    public const string LockedOutAction = "login.locked_out";

    /// <summary>true = signed in (the cookie is set on the response); false = refused, for whatever reason.</summary>
    public async Task<bool> SignInAsync(string userName, string password)
    {
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            hasher.VerifyHashedPassword(new IdentityUser(), decoy.Hash, password);
            log.LogWarning("Sign-in refused for {UserName}: {Reason}", userName, "no such user");
            return false;
        }
        if (await users.IsLockedOutAsync(user))
        {
            // The same verification a wrong password costs; the result is ignored: a locked account stays locked.
            hasher.VerifyHashedPassword(user, user.PasswordHash ?? decoy.Hash, password);
            log.LogWarning("Sign-in refused for {UserName}: {Reason}", userName, "locked out");
            return false;
        }
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: "pwd");
            log.LogInformation("User {UserName} signed in", userName);
            return true;
        }
        log.LogWarning("Sign-in refused for {UserName}: {Reason}", userName, result.IsLockedOut ? "wrong password, now locked out" : "wrong password");
        // This failure locked the account: once per lockout, so an anonymous caller cannot fill the audit log.
        if (result.IsLockedOut)
            await audit.WriteAsync(new AuditEntry(time.GetUtcNow(), userName, LockedOutAction, userName, $"locked until {user.LockoutEnd:u}"));
        return false;
    }
}
