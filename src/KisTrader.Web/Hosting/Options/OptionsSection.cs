namespace KisTrader.Web.Hosting.Options;

/// <summary>Marks an options class with the configuration section it binds to, so errors can name the full key.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class OptionsSectionAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
