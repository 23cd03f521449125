using System.Globalization;

namespace KisTrader.Core.Security;

/// <summary>One refused input: the field as the caller named it (the JSON property or form field) and why.</summary>
public sealed record InputError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>
/// The one place for the limits on what people type: every API endpoint, account form and UI field takes its sizes
/// from here, and the domain checks the reasons it stores with the same rules. Without them a 1 MB reason was stored
/// and then sent to every user with the trading state, and a 1 MB password was hashed.
/// </summary>
public static class InputLimits
{
    /// <summary>A reason kept in the audit log and shown on the dashboard (kill switch, approvals, rules, prompts).</summary>
    public const int ReasonMaxLength = 500;
    /// <summary>User names; the first admin's name (Admin:UserName) has the same limit.</summary>
    public const int UserNameMaxLength = 64;
    /// <summary>Passwords: long enough for any passphrase, short enough that hashing one costs what it should.</summary>
    public const int PasswordMaxLength = 128;
    /// <summary>Identifiers in a path (approval, rule, report ids); ours are far shorter.</summary>
    public const int IdMaxLength = 100;
    /// <summary>Search and filter fields (audit log user and action, ticker).</summary>
    public const int FilterMaxLength = 100;
    /// <summary>The page to go back to after sign-in.</summary>
    public const int ReturnUrlMaxLength = 2048;
    /// <summary>JSON bodies of the HTTP API: a reason and a few names fit many times over; nothing we take is larger.</summary>
    public const int JsonBodyMaxBytes = 64 * 1024;
    /// <summary>The account forms (sign-in, password change): a few fields and the antiforgery token.</summary>
    public const int FormBodyMaxBytes = 16 * 1024;

    /// <summary>A required free-text reason: not blank, at most <see cref="ReasonMaxLength"/> characters (after trimming),
    /// and no control characters other than line breaks and tabs (a NUL would break PostgreSQL text, the others only hide text).</summary>
    public static InputError? Reason(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return new(field, "is required");
        var trimmed = value.Trim();
        if (trimmed.Length > ReasonMaxLength) return TooLong(field, ReasonMaxLength);
        return trimmed.Any(c => IsHidden(c) && c is not ('\n' or '\r' or '\t')) ? new(field, "must not contain control characters") : null;
    }

    /// <summary>A required name (a user name, or anything else named): at most <paramref name="maxLength"/> characters and no
    /// control or invisible formatting characters at all (NUL, tab, line breaks, bidirectional overrides), which would
    /// make two names look alike or break a log line.</summary>
    public static InputError? Name(string field, string? value, int maxLength = UserNameMaxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) return new(field, "is required");
        if (value.Length > maxLength) return TooLong(field, maxLength);
        return value.Any(IsHidden) ? new(field, "must not contain control characters") : null;
    }

    /// <summary>An identifier taken from a path; the same character rules as a name.</summary>
    public static InputError? Id(string field, string? value) => Name(field, value, IdMaxLength);

    /// <summary>A required password of at most <see cref="PasswordMaxLength"/> characters; checked before it is hashed.</summary>
    public static InputError? Password(string field, string? value)
    {
        if (string.IsNullOrEmpty(value)) return new(field, "is required");
        return value.Length > PasswordMaxLength ? TooLong(field, PasswordMaxLength) : null;
    }

    /// <summary>An optional filter: empty is fine; else at most <see cref="FilterMaxLength"/> characters, no control characters.</summary>
    public static InputError? Filter(string field, string? value) =>
        string.IsNullOrEmpty(value) ? null : Name(field, value, FilterMaxLength);

    /// <summary>The errors among <paramref name="checks"/> (null = that field passed).</summary>
    public static IReadOnlyList<InputError> Collect(params InputError?[] checks) => [.. checks.OfType<InputError>()];

    /// <summary>Throws <see cref="ArgumentException"/> naming the field: for the domain, which must not store what the edges
    /// should already have refused.</summary>
    public static void ThrowIfInvalid(InputError? error, string paramName)
    {
        if (error is not null) throw new ArgumentException(error.ToString(), paramName);
    }

    /// <summary>Control characters (C0, DEL, C1), invisible formatting (zero-width, bidirectional overrides) and the
    /// Unicode line and paragraph separators.</summary>
    public static bool IsHidden(char c) => char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format
        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static InputError TooLong(string field, int max) => new(field, $"at most {max} characters");
}
