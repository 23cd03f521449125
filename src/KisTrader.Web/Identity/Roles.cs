namespace KisTrader.Web.Identity;

public static class Roles
{
    public const string Admin = "Admin";
    public const string Viewer = "Viewer";
    public static readonly string[] All = [Admin, Viewer];
}

public static class Policies
{
    /// <summary>Admin actions: enforced on the server for every page, hub method and endpoint that changes something.</summary>
    public const string Admin = "AdminOnly";
}
