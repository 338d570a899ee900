using System.Text.RegularExpressions;
using Chatbot.Web.Wards;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Quiz;

public sealed class QuizOptions
{
    public const string Section = "Quiz";

    /// <summary>Where citizens reach this service, for the web links and QR codes printed on posters.</summary>
    public Uri PublicBaseUrl { get; init; } = new("http://localhost:5000");
}

/// <summary>The links that carry a quiz and a team code into each channel (platforms.md §4).</summary>
public sealed record ShareLinks(string Web, string? Messenger, string? ZaloOa, string ZaloText);

/// <summary>
/// Share links and the text forms a share code arrives in. Messenger delivers <c>ref=quiz.cds-17.SG01A1</c> as a
/// referral event, which the bot does not see as text: the channel adapter should turn a referral into the message
/// text <c>quiz.cds-17.SG01A1</c> (or "QUIZ SG01A1"), which <see cref="QuizTrigger"/> accepts like a typed Zalo code.
/// </summary>
public sealed partial class QuizLinks(UnitDirectory units, IOptions<QuizOptions> options)
{
    // A code needs a digit, so "quiz hay" or "thi thử" never reads as a code (platforms.md §4.2: strict regex).
    [GeneratedRegex(@"^\s*quiz\s*[\s.:_-]\s*(?:(?<quiz>[a-z0-9][a-z0-9-]*)\.)?(?<code>(?=[a-z]*[0-9])[a-z0-9]{4,8})\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();

    /// <summary>Reads "QUIZ SG01A1", "quiz:SG01A1", "quiz.cds-17.SG01A1" (a Messenger ref); the quiz id is optional.</summary>
    public static bool TryParseCode(string text, out string? quizId, out string teamCode)
    {
        var m = CodePattern().Match(text);
        quizId = m.Success && m.Groups["quiz"].Success ? m.Groups["quiz"].Value : null;
        teamCode = m.Success ? m.Groups["code"].Value.ToUpperInvariant() : "";
        return m.Success;
    }

    /// <summary>A Messenger ref as <see cref="MessengerRef"/> writes it: "quiz.&lt;quizId&gt;.&lt;teamCode&gt;".</summary>
    public static bool TryParseRef(string reference, out string quizId, out string teamCode)
    {
        quizId = "";
        teamCode = "";
        if (!TryParseCode(reference, out var quiz, out var code) || quiz is null) return false;
        (quizId, teamCode) = (quiz, code);
        return true;
    }

    public static string MessengerRef(string quizId, string teamCode) => $"quiz.{quizId}.{teamCode}";
    public static string ZaloCode(string teamCode) => $"QUIZ {teamCode}";

    public Uri WebUrl(string code) => new(options.Value.PublicBaseUrl, $"/q/{Uri.EscapeDataString(code)}");

    /// <summary>Links for a team's code; Messenger and Zalo go to the team's ward's own Page and OA (units/wards.yaml).</summary>
    public ShareLinks For(string quizId, Team team)
    {
        var channels = units.Find(team.WardId)?.Channels ?? [];
        var page = channels.FirstOrDefault(c => c.Platform == Platform.Facebook);
        var oa = channels.FirstOrDefault(c => c.Platform == Platform.Zalo);
        return new ShareLinks(WebUrl(team.Code).ToString(),
            page is null ? null : $"https://m.me/{page.PlatformId}?ref={Uri.EscapeDataString(MessengerRef(quizId, team.Code))}",
            oa is null ? null : $"https://zalo.me/{oa.PlatformId}",
            ZaloCode(team.Code));
    }
}
