using Chatbot.Web.Conversations.Dialogs;
using Chatbot.Web.Knowledge;

namespace Chatbot.Web.Conversations.Browse;

/// <summary>
/// "Tìm hiểu 17 điểm khác nhau": a list in pages, the detail of one difference, next / previous / back to the list.
/// Begun with a number as options it opens that difference directly (jumps, answers to questions).
/// </summary>
public sealed class BrowseDialog(KnowledgeBase knowledge, KnowledgeTexts texts, DifferenceView view) : IDialog
{
    public const string DialogId = "browse";

    enum Move { None, Next, Previous, NextPage, PreviousPage, List }

    static readonly Dictionary<string, Move> Words = new()
    {
        ["tiep"] = Move.Next, ["tiep theo"] = Move.Next, ["diem tiep"] = Move.Next, ["diem tiep theo"] = Move.Next,
        ["ke tiep"] = Move.Next, ["diem sau"] = Move.Next, ["next"] = Move.Next, ["xem diem tiep theo"] = Move.Next,
        ["truoc"] = Move.Previous, ["diem truoc"] = Move.Previous, ["diem truoc do"] = Move.Previous, ["lui"] = Move.Previous,
        ["quay lai"] = Move.Previous, ["back"] = Move.Previous, ["xem diem truoc"] = Move.Previous,
        ["trang sau"] = Move.NextPage, ["trang tiep"] = Move.NextPage, ["trang tiep theo"] = Move.NextPage,
        ["xem tiep"] = Move.NextPage, ["xem them"] = Move.NextPage,
        ["trang truoc"] = Move.PreviousPage,
        ["danh sach"] = Move.List, ["danh sach 17 diem"] = Move.List, ["xem danh sach"] = Move.List,
        ["ve danh sach"] = Move.List, ["quay lai danh sach"] = Move.List, ["17 diem"] = Move.List,
        ["tim hieu 17 diem khac nhau"] = Move.List, ["17 diem khac nhau"] = Move.List,
    };

    public string Id => DialogId;

    public Task BeginAsync(DialogContext dc, string? options, CancellationToken ct) =>
        int.TryParse(options, out var number) && knowledge.Find(number) is { } d
            ? ShowAsync(dc, d, ct)
            : PageAsync(dc, 1, ct);

    public async Task<bool> ContinueAsync(DialogContext dc, string text, CancellationToken ct)
    {
        var state = dc.Active!;
        if (DifferenceReference.Parse(text) is { } number)
        {
            if (knowledge.Find(number) is { } d) await ShowAsync(dc, d, ct);
            else await dc.SendAsync(texts["not_a_number"], ct);
            return true;
        }
        var current = state.GetInt("current");
        var page = state.GetInt("page", 1);
        switch (Words.GetValueOrDefault(VietnameseText.Fold(text)))
        {
            case Move.Next when current > 0:
                if (knowledge.Find(current + 1) is { } next) await ShowAsync(dc, next, ct);
                else await PageAsync(dc, view.PageOf(current), ct); // after the last one, back to the list
                return true;
            case Move.Previous when current > 0:
                if (knowledge.Find(current - 1) is { } previous) await ShowAsync(dc, previous, ct);
                else await PageAsync(dc, 1, ct);
                return true;
            case Move.Next or Move.NextPage:
                await PageAsync(dc, Math.Min(page + 1, view.Pages), ct);
                return true;
            case Move.Previous or Move.PreviousPage:
                await PageAsync(dc, Math.Max(page - 1, 1), ct);
                return true;
            case Move.List:
                await PageAsync(dc, current > 0 ? view.PageOf(current) : page, ct);
                return true;
        }
        // A tapped label typed by hand ("Điện toán đám mây") opens that difference too.
        var folded = VietnameseText.Fold(text);
        if (knowledge.Differences.FirstOrDefault(d => VietnameseText.Fold(d.Label) == folded) is { } labelled)
        {
            await ShowAsync(dc, labelled, ct);
            return true;
        }
        return false;
    }

    public async Task ResumeAsync(DialogContext dc, CancellationToken ct)
    {
        // The answer that interrupted browsing brought its own buttons (related differences, closest topics): a channel
        // shows only the last message's buttons, so the reminder comes without any rather than replacing them.
        if (dc.OfferedChoices)
        {
            await dc.SendAsync(texts["resume_browse"], ct);
            return;
        }
        var current = dc.Active!.GetInt("current");
        if (knowledge.Find(current) is { } d) await dc.SendAsync(texts["resume_browse"] + " " + texts["detail_more"], view.DetailChoices(d), ct);
        else await PageAsync(dc, dc.Active.GetInt("page", 1), ct);
    }

    async Task ShowAsync(DialogContext dc, Difference d, CancellationToken ct)
    {
        dc.Active!.Set("current", d.Number);
        dc.Active.Set("page", view.PageOf(d.Number));
        await view.ShowDetailAsync(dc, d, ct);
    }

    async Task PageAsync(DialogContext dc, int page, CancellationToken ct)
    {
        dc.Active!.Set("current", null);
        dc.Active.Set("page", page);
        await view.ShowPageAsync(dc, page, ct);
    }
}

/// <summary>"điểm 3", "thứ ba", "so 3", "3" from anywhere. The active dialog sees a message first, so a bare number
/// that answers a quiz question never reaches this trigger.</summary>
public sealed class DifferenceTrigger(KnowledgeBase knowledge, KnowledgeTexts texts) : ITopicTrigger
{
    public int Order => 50;

    public async Task<bool> TryStartAsync(DialogContext dc, string text, CancellationToken ct)
    {
        if (DifferenceReference.Parse(text) is not { } number)
        {
            if (VietnameseText.Fold(text) != VietnameseText.Fold(texts["button_list"])) return false;
            await dc.BeginAsync(BrowseDialog.DialogId, null, ct);
            return true;
        }
        if (knowledge.Find(number) is null)
        {
            // "2023" or "điểm 40" while browsing nothing: only an explicit "điểm 40" is clearly meant as a difference.
            if (VietnameseText.Fold(text).All(c => char.IsAsciiDigit(c))) return false;
            await dc.SendAsync(texts["not_a_number"], ct);
            return true;
        }
        await dc.BeginAsync(BrowseDialog.DialogId, number.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
        return true;
    }
}
