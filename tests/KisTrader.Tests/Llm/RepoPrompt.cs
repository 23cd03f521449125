namespace KisTrader.Tests.Llm;

/// <summary>Finds prompts/core_decision_prompt.md by walking up from the test binaries to the repository root.</summary>
internal static class RepoPrompt
{
    public static string Path
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "prompts", "core_decision_prompt.md");
                if (File.Exists(candidate)) return candidate;
            }
            throw new FileNotFoundException("prompts/core_decision_prompt.md not found above " + AppContext.BaseDirectory);
        }
    }
}
