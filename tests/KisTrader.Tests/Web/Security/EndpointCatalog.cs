using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.Tests.Web.Security;

/// <summary>One route and HTTP method the app answers, read from the app's own endpoint data sources.</summary>
internal sealed record AppRoute(string Method, string Pattern, RouteEndpoint Endpoint)
{
    public bool IsStaticAsset => Endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null;
    public bool AllowsAnonymous => Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
    public bool IsMutating => Method is "POST" or "PUT" or "PATCH" or "DELETE";
    public bool RequiresAntiforgery => Endpoint.Metadata.GetMetadata<IAntiforgeryMetadata>() is { RequiresValidation: true };
    public bool IsRazorPage => Endpoint.Metadata.Any(m => m.GetType().FullName == "Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata");
    public bool IsHub => Endpoint.Metadata.Any(m => m.GetType().FullName == "Microsoft.AspNetCore.SignalR.HubMetadata");

    public IReadOnlyList<string> Policies =>
        [.. Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy ?? a.Roles ?? "(signed in)")];

    public override string ToString() => $"{Method} {Pattern}";

    /// <summary>The path with a sample value for every route parameter (<paramref name="sample"/> may choose one).</summary>
    public string SamplePath(Func<string, string?>? sample = null)
    {
        var parts = new List<string>();
        foreach (var segment in Endpoint.RoutePattern.PathSegments)
        {
            var text = "";
            foreach (var part in segment.Parts)
            {
                text += part switch
                {
                    RoutePatternLiteralPart l => l.Content,
                    RoutePatternSeparatorPart s => s.Content,
                    RoutePatternParameterPart p => sample?.Invoke(p.Name)
                        ?? (p.ParameterPolicies.Any(c => c.Content is "int" or "long") ? "1" : "sample-" + p.Name.ToLowerInvariant()),
                    _ => throw new InvalidOperationException($"unknown route part in {Pattern}"),
                };
            }
            parts.Add(text);
        }
        return "/" + string.Join("/", parts);
    }
}

internal static class EndpointCatalog
{
    /// <summary>Methods tried on an endpoint that accepts any method (hub connections, mapped middleware).</summary>
    private static readonly string[] AnyMethod = ["GET", "POST"];

    /// <summary>Every route endpoint of <paramref name="app"/> and each method it accepts.</summary>
    public static IReadOnlyList<AppRoute> Routes(WebApplication app)
    {
        var sources = ((IEndpointRouteBuilder)app).DataSources.Append(app.Services.GetRequiredService<EndpointDataSource>());
        var endpoints = sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>().Distinct().ToList();
        var routes = new List<AppRoute>();
        foreach (var e in endpoints)
        {
            var pattern = "/" + (e.RoutePattern.RawText ?? "").TrimStart('/');
            var methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } m ? m : AnyMethod;
            foreach (var method in methods.Where(x => x != "HEAD" && x != "OPTIONS"))
                routes.Add(new AppRoute(method, pattern, e));
        }
        // The app's own data sources and the composite over them may hand out separate instances of one endpoint.
        return [.. routes.DistinctBy(r => (r.Method, r.Pattern, r.Endpoint.DisplayName)).OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Method)];
    }
}
