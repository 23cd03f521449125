using System.Collections.Concurrent;
using Microsoft.AspNetCore.StaticAssets;

namespace KisTrader.Web.Hosting;

/// <summary>Static files (our wwwroot, the component libraries' <c>_content/…</c>, <c>_framework/…</c> and their
/// compressed copies) are served the same way in every environment, from the published output or from the build output;
/// a file the manifest lists but the disk lacks is a 404. See docs/decisions.md, "Static files in every environment".</summary>
public static class StaticAssetHosting
{
    /// <summary>In the build output, package assets and the <c>.gz</c> copies live outside wwwroot (NuGet cache, obj/);
    /// only the build's runtime manifest says where, and the framework reads it in Development alone. Read it in every
    /// environment: the published output has no runtime manifest, so there this changes nothing.</summary>
    public static WebApplicationBuilder UseStaticWebAssetsInEveryEnvironment(this WebApplicationBuilder builder)
    {
        // Development already reads it (WebApplication.CreateBuilder); reading it twice would stack the same providers.
        if (!builder.Environment.IsDevelopment())
            builder.WebHost.UseStaticWebAssets();
        return builder;
    }

    /// <summary>MapStaticAssets, open to anonymous users, with a check in front of every asset endpoint: when its file is
    /// missing (a deleted file in the published output, a build output whose NuGet cache or obj/ is gone) the framework
    /// would answer 200 with an empty body or throw (500 with a stack in the error log). We answer 404 and log one warning
    /// per file instead.</summary>
    public static IEndpointConventionBuilder MapKisTraderStaticAssets(this WebApplication app)
    {
        var files = app.Environment.WebRootFileProvider;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StaticAssetHosting));
        var warned = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var assets = app.MapStaticAssets();
        // Finally: after the framework's own conventions (in the build output it wraps each endpoint to re-read the
        // file's length and ETag), so this check runs first.
        assets.Finally(endpoint =>
        {
            if (endpoint.Metadata.OfType<StaticAssetDescriptor>().FirstOrDefault() is not { } asset || endpoint.RequestDelegate is not { } serve)
                return;
            endpoint.RequestDelegate = context =>
            {
                if (files.GetFileInfo(asset.AssetPath) is { Exists: true, IsDirectory: false })
                    return serve(context);
                if (warned.TryAdd(asset.AssetPath, true))
                    logger.LogWarning("Static file {AssetPath} (route /{Route}) is listed by the static assets manifest but missing on disk: answering 404",
                        asset.AssetPath, asset.Route);
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            };
        });
        return assets.AllowAnonymous();
    }
}
