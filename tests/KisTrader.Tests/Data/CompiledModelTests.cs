using KisTrader.Data;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Design.Internal;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Scaffolding;
using Microsoft.Extensions.DependencyInjection;
using KisTrader.Testing;

namespace KisTrader.Tests.Data;

/// <summary>
/// The app runs on EF compiled models (src/KisTrader.Data/CompiledModels, one per provider), generated code that EF
/// does not check against the entity configurations. This test generates them again from the configurations, as
/// build/compiled-models.sh does, and fails when a checked-in file differs, is missing or is left over.
/// </summary>
public sealed class CompiledModelTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "Sqlite")]
    [InlineData(DatabaseProvider.PostgreSql, "PostgreSql")]
    public void CompiledModel_IsUpToDateWithTheEntityConfigurations(DatabaseProvider provider, string folder)
    {
        var checkedIn = Path.Combine(AppProcess.RepoRoot, "src", "KisTrader.Data", "CompiledModels", folder);
        var generated = Directory.CreateTempSubdirectory("kistrader-compiled-model-").FullName;
        try
        {
            Scaffold(provider, "KisTrader.Data.CompiledModels." + folder, generated);
            // The assembly attribute is deleted after generation on purpose (build/compiled-models.sh).
            var expected = Files(generated).Where(f => !f.EndsWith("AssemblyAttributes.cs", StringComparison.Ordinal)).ToList();
            var actual = Files(checkedIn);
            var stale = expected.Where(f => !actual.Contains(f)
                    || Text(Path.Combine(generated, f)) != Text(Path.Combine(checkedIn, f)))
                .Concat(actual.Except(expected))
                .ToList();
            Assert.True(stale.Count == 0,
                $"The {folder} compiled model is out of date with the entity configurations ({string.Join(", ", stale)}): run build/compiled-models.sh");
        }
        finally
        {
            Directory.Delete(generated, recursive: true);
        }
    }

    /// <summary>A file's text without the model id, a new random one at every generation.</summary>
    private static string Text(string path) =>
        System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(path), @"modelId: new Guid\(""[0-9a-fA-F-]+""\)", "modelId");

    private static List<string> Files(string dir) =>
        Directory.Exists(dir) ? [.. Directory.GetFiles(dir).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)] : [];

#pragma warning disable EF1001 // The design-time services dotnet ef itself uses; no public entry point does this in-process.
    private static void Scaffold(DatabaseProvider provider, string modelNamespace, string outputDir)
    {
        using var db = new DesignTimeContextFactory().CreateDbContext([provider == DatabaseProvider.Sqlite ? "sqlite" : "postgresql"]);
        var assembly = typeof(KisTraderDbContext).Assembly;
        var services = new DesignTimeServicesBuilder(assembly, assembly, new OperationReporter(handler: null), []).Build(db);
        services.GetRequiredService<ICompiledModelScaffolder>().ScaffoldModel(
            db.GetService<IDesignTimeModel>().Model, outputDir, new CompiledModelCodeGenerationOptions
            {
                ContextType = typeof(KisTraderDbContext),
                ModelNamespace = modelNamespace,
                Language = "C#",
                UseNullableReferenceTypes = true,
            });
    }
#pragma warning restore EF1001
}
