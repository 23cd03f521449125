using System.Text.RegularExpressions;

namespace KisTrader.Core.Decisions;

/// <summary>
/// Finds text in an LLM's plan that speaks to the system instead of about the market ("ignore previous rules",
/// "SYSTEM:", "risk checks disabled", chat-template markers). Such an answer was steered by something it read (a news
/// item, a ticker name) or has gone wrong, so none of its orders is trusted: the guard refuses the whole plan. The text
/// is never acted on either way; this only decides whether the plan is believed.
/// </summary>
public static partial class InjectedInstructions
{
    /// <summary>The first instruction-like phrase in <paramref name="text"/>, or null.</summary>
    public static string? Find(string text)
    {
        // Full-width and other compatibility forms (ＳＹＳＴＥＭ：) read as their plain letters.
        var m = Pattern().Match(text.Normalize(System.Text.NormalizationForm.FormKC));
        return m.Success ? m.Value : null;
    }

    // NonBacktracking: linear in the text's length whatever the text, so no match timeout is needed. A timeout (200 ms
    // before) fired on a loaded machine and refused valid plans as "too complex".
    [GeneratedRegex("""
        \b(ignore|disregard|forget|override)\b.{0,40}?\b(previous|prior|above|earlier|all|your|the|any)\b.{0,40}?\b(instructions?|rules?|prompts?|limits?|constraints?|guidelines?|checks?)\b
        | \bsystem\s*(prompt|override|message|instruction)s?\b
        | (^|[\s"'(\[])system\s*:
        | \b(risk|approval|guard|validation|safety)\s*(checks?|limits?|rules?|controls?)?\s*(is|are|have\s+been|has\s+been)?\s*(now\s+)?(disabled|turned\s+off|switched\s+off|bypassed|suspended|lifted|waived)\b
        | \b(bypass|circumvent|skip)\b.{0,30}?\b(risk|limits?|rules?|approvals?|guard|checks?)\b
        | \byou\s+are\s+now\b | \bdeveloper\s+mode\b | \bjailbreak
        | <\|im_start\|> | <\|system\|> | \[INST\] | <<SYS>>
        | <\|(assistant|user|im_end|endoftext)\|> | (^|\n)\s*\#{2,}\s*(instruction|system|response)s?\s*:? | (^|[\s"'(\[])assistant\s*:
        | (이전|모든|위의?|기존)\s*(의\s*)?(지시|지침|규칙|명령|제한).{0,12}(무시|잊)
        | 시스템\s*(:|프롬프트|메시지|지시) | (리스크|위험|승인|한도)\s*(검사|점검|확인|제한|한도)?\s*(를|을)?\s*.{0,6}(건너뛰|우회|해제|무시)
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Pattern();
}
