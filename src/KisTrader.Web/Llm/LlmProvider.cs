namespace KisTrader.Web.Llm;

/// <summary>Which SDK talks to the LLM (Llm:Provider).</summary>
public enum LlmProvider
{
    /// <summary>Azure when Llm:Endpoint is an Azure OpenAI resource, otherwise OpenAI.</summary>
    Auto,
    /// <summary>OpenAI, or any OpenAI-compatible server at Llm:Endpoint (Ollama, vLLM, Azure's /openai/v1/ path).</summary>
    OpenAI,
    /// <summary>An Azure OpenAI deployment: /openai/deployments/{Llm:Deployment}/chat/completions?api-version=…, api-key header.</summary>
    Azure,
}
