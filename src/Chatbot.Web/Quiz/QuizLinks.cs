using System.Text.RegularExpressions;
using Chatbot.Web.Channels;
using Chatbot.Web.Wards;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Quiz;

public sealed class QuizOptions
{
    public const string Section = "Quiz";

    /// <summary>Where citizens reach this service, for the web links and QR codes printed on posters.</summary>
    public Uri PublicBaseUrl { get; init; } = new("http://localhost:5000");
}

/// <summary>A link into one platform's chat with the team's ward: it carries the quiz and team, or the citizen types
/// <see cref="ShareLinks.TypedCode"/> once there (<paramref name="TypeCode"/>).</summary>
public sealed record ChatShare(string ChatName, string Link, bool TypeCode);

/// <summary>The links that carry a quiz and a team code into each channel (platforms.md §4).</summary>
public sealed record ShareLinks(string Web, IReadOnlyList<ChatShare> Chats, string TypedCode);

/// <summary>
/// Share links and the text forms a share code arrives in. A platform whose chat link carries a parameter (Messenger's
/// m.me <c>ref=quiz.cds-17.SG01A1</c>) delivers it as a referral event; elsewhere the citizen types "QUIZ SG01A1", which
/// <see cref="QuizTrigger"/> accepts like any typed code.
/// </summary>
public sealed partial class QuizLinks(ChannelDirectory channels, Platforms platforms, IOptions<QuizOptions> options)
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

    /// <summary>A chat link's ref as <see cref="Ref"/> writes it: "quiz.&lt;quizId&gt;.&lt;teamCode&gt;".</summary>
    public static bool TryParseRef(string reference, out string quizId, out string teamCode)
    {
        quizId = "";
        teamCode = "";
        if (!TryParseCode(reference, out var quiz, out var code) || quiz is null) return false;
        (quizId, teamCode) = (quiz, code);
        return true;
    }

    public static string Ref(string quizId, string teamCode) => $"quiz.{quizId}.{teamCode}";
    public static string TypedCode(string teamCode) => $"QUIZ {teamCode}";

    public Uri WebUrl(string code) => new(options.Value.PublicBaseUrl, $"/q/{Uri.EscapeDataString(code)}");

    /// <summary>Links for a team's code: the web page, and a chat link per platform that has one, into the team's ward's
    /// own channel on it (units/wards.yaml).</summary>
    public ShareLinks For(string quizId, Team team)
    {
        var chats = (from p in platforms.All
                     where p.ChatLink is not null
                     let channel = channels.ForWard(team.WardId, p.Id)
                     where channel is not null
                     select new ChatShare(p.ChatName, p.ChatLink!(channel, Ref(quizId, team.Code)).ToString(), !p.ChatLinkCarriesRef)).ToList();
        return new ShareLinks(WebUrl(team.Code).ToString(), chats, TypedCode(team.Code));
    }
}
