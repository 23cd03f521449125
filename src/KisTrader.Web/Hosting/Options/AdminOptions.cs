using System.ComponentModel.DataAnnotations;

namespace KisTrader.Web.Hosting.Options;

[OptionsSection("Admin")]
public sealed class AdminOptions : IValidatableObject
{
    public const int MinPasswordLength = 12;

    [Required(AllowEmptyStrings = false, ErrorMessage = "must name the first admin user")]
    [RegularExpression("^[A-Za-z0-9._@-]{3,64}$", ErrorMessage = "must be 3-64 letters, digits or . _ @ -")]
    public string UserName { get; set; } = "admin";
    /// <summary>Secret. Used only when the first admin is created; if empty, a password is generated and printed once.</summary>
    public string? Password { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(Password) && Password.Length < MinPasswordLength)
            yield return new ValidationResult($"must be at least {MinPasswordLength} characters", [nameof(Password)]);
        if (Password?.Length > KisTrader.Core.Security.InputLimits.PasswordMaxLength)
            yield return new ValidationResult($"must be at most {KisTrader.Core.Security.InputLimits.PasswordMaxLength} characters", [nameof(Password)]);
    }
}
