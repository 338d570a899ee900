using Chatbot.Web.Conversations.Dialogs;
using Chatbot.Web.Knowledge;

namespace Chatbot.Web.Conversations.Browse;

/// <summary>
/// How the 17 differences look in a chat. Every message carries at most 5 buttons with labels of at most 20 characters:
/// the strictest channel we know (Zalo: 5 buttons; Messenger: 13 quick replies, 20-character titles), so a future
/// adapter with tighter limits is unlikely to need other pages. A list page is therefore 3 differences, written out in
/// full in the text, plus "previous page" and "next page"; any number from 1 to 17 can also be typed at any time.
/// </summary>
public sealed class DifferenceView(KnowledgeBase knowledge, KnowledgeTexts texts)
{
    public const int PageSize = 3;
    public const int MaxButtons = 5;

    public int Pages => (knowledge.Differences.Count + PageSize - 1) / PageSize;
    public int PageOf(int number) => (number - 1) / PageSize + 1;

    public static string Say(int number) => $"Điểm {number}";

    public Task ShowPageAsync(DialogContext dc, int page, CancellationToken ct)
    {
        var items = knowledge.Differences.Skip((page - 1) * PageSize).Take(PageSize).ToList();
        var text = texts.Format("browse_page", ("page", page), ("pages", Pages)) + "\n"
                   + string.Join("\n", items.Select(d => $"{d.Number}. {d.Title}")) + "\n\n" + texts["browse_hint"];
        var choices = items.Select(d => new Choice(d.Label, Say(d.Number))).ToList();
        if (page > 1) choices.Add(Choice.Of(texts["button_previous_page"]));
        if (page < Pages) choices.Add(Choice.Of(texts["button_next_page"]));
        return dc.SendLongAsync(text, choices, ct);
    }

    /// <summary>The official wording of both sides, complete, with the dispatch cited.</summary>
    public string Detail(Difference d) => texts.Format("detail", ("number", d.Number), ("title", d.Title),
        ("summary", d.Summary), ("it", d.It), ("dx", d.Dx), ("source", knowledge.Source.Document));

    public Task ShowDetailAsync(DialogContext dc, Difference d, CancellationToken ct) =>
        dc.SendLongAsync(Detail(d), DetailChoices(d), ct);

    public IReadOnlyList<Choice> DetailChoices(Difference d)
    {
        var choices = new List<Choice>();
        if (d.Number > 1) choices.Add(Choice.Of(texts["button_previous"]));
        if (d.Number < knowledge.Differences.Count) choices.Add(Choice.Of(texts["button_next"]));
        choices.Add(Choice.Of(texts["button_list"]));
        choices.Add(Choice.Of(texts["button_ask"]));
        choices.Add(new Choice(texts["button_quiz"], texts["quiz_say"]));
        return choices;
    }

    /// <summary>Buttons that open the given differences ("Điểm 3" is what tapping says), at most the channel limit.</summary>
    public static IReadOnlyList<Choice> Topics(IEnumerable<Difference> differences, int max = MaxButtons) =>
        differences.Take(max).Select(d => new Choice(d.Label, Say(d.Number))).ToList();
}
