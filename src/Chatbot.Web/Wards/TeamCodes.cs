using Chatbot.Web.Knowledge;

namespace Chatbot.Web.Wards;

/// <summary>
/// New team codes follow the rule of dialogs/units/teams.yaml: 6 characters, capitals and digits, at least one digit
/// (so a code never reads as ordinary chat, QuizLinks), unique — the ward's two initials, a two-digit number, "A1":
/// Sài Gòn → SG01A1, SG02A1…; Cầu Ông Lãnh → CL01A1. The ward's existing teams' prefix wins over its initials. A code is
/// never reused, not even a deactivated team's, so past results always belong to the team that earned them.
/// </summary>
public static class TeamCodes
{
    /// <summary>The longest team name staff may give (console, API and import alike).</summary>
    public const int MaxName = 100;

    public static string Next(Unit ward, IEnumerable<Team> wardTeams, IReadOnlySet<string> taken)
    {
        var prefix = wardTeams.Select(t => t.Code).Where(c => c.Length == 6 && char.IsLetter(c[0]) && char.IsLetter(c[1]))
            .GroupBy(c => c[..2]).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault() ?? Initials(ward);
        foreach (var suffix in new[] { "A1", "A2", "A3", "B1", "B2", "B3" })
            for (var n = 1; n <= 99; n++)
            {
                var code = $"{prefix}{n:00}{suffix}";
                if (!taken.Contains(code)) return code;
            }
        throw new InvalidOperationException($"no free team code left for {ward.Id}");
    }

    /// <summary>First letters of the first and last word of the ward's short name, folded: "Cầu Ông Lãnh" → "CL".</summary>
    public static string Initials(Unit ward)
    {
        var words = VietnameseText.Fold(ward.ShortName.Length > 0 ? ward.ShortName : ward.Name)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => char.IsAsciiLetter(w[0])).ToList();
        return words.Count switch
        {
            0 => "TO",
            1 => (words[0] + "X")[..2].ToUpperInvariant(),
            _ => $"{words[0][0]}{words[^1][0]}".ToUpperInvariant(),
        };
    }
}
