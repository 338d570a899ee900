using Chatbot.Web.Content;
using Chatbot.Web.Conversations;
using Chatbot.Web.Conversations.Browse;
using Chatbot.Web.Conversations.Dialogs;
using Chatbot.Web.Knowledge;
using Chatbot.Web.Wards;

namespace Chatbot.Web.Desk;

/// <summary>
/// "Gặp cán bộ": offers to hand the conversation to the ward's staff, saying when they answer (the ward's office
/// hours, Vietnam time); asks the ward first when it is not known (web chat). On «Đồng ý» a thread is opened with what
/// the conversation said so far, the bot says honestly when a person will answer and that it falls silent, and from
/// then on <see cref="DeskOwner"/> keeps the bot quiet. Begun by the menu item, the typed phrases
/// (<see cref="HandoffTrigger"/>), or the «Gặp cán bộ» button of the replies that have no answer.
/// </summary>
public sealed class HandoffDialog(MenuContent content, MainMenu menu, ConversationWards wards, WardRegistry registry,
    UnitDirectory units, DeskThreads threads, TimeProvider clock) : IDialog
{
    public const string DialogId = "handoff";
    public string Id => DialogId;

    public Task BeginAsync(DialogContext dc, string? options, CancellationToken ct) =>
        wards.Of(dc) is null ? dc.BeginAsync(ChooseWardDialog.DialogId, null, ct) : OfferAsync(dc, ct);

    public async Task<bool> ContinueAsync(DialogContext dc, string text, CancellationToken ct)
    {
        var folded = VietnameseText.Fold(text);
        if (folded == VietnameseText.Fold(content.Text("handoff_yes")) || folded is "co" or "ok" or "dong y" or "gap can bo")
        {
            await AcceptAsync(dc, ct);
            return true;
        }
        if (folded == VietnameseText.Fold(content.Text("handoff_no")) || folded is "thoi" or "khong can" || TypedNo.Matches(text))
        {
            await dc.EndAsync(ct);
            await dc.SendAsync(content.Text("handoff_declined"), menu.Choices, ct);
            return true;
        }
        return false; // a question meanwhile: answered as usual, then the offer again (ResumeAsync)
    }

    /// <summary>After the ward was chosen, or after an interruption: the offer again.</summary>
    public Task ResumeAsync(DialogContext dc, CancellationToken ct) => OfferAsync(dc, ct);

    async Task OfferAsync(DialogContext dc, CancellationToken ct)
    {
        var book = await registry.CurrentAsync(ct);
        var hours = book.Details(wards.Of(dc))?.OfficeHours;
        var text = hours is null
            ? Fill(content.Text("handoff_offer_no_hours"), dc, book, hours)
            : Fill(content.Text("handoff_offer"), dc, book, hours);
        await dc.SendAsync(text, [Choice.Of(content.Text("handoff_yes")), Choice.Of(content.Text("handoff_no"))], ct);
    }

    async Task AcceptAsync(DialogContext dc, CancellationToken ct)
    {
        var wardId = wards.Of(dc);
        var now = clock.GetUtcNow();
        var book = await registry.CurrentAsync(ct);
        var details = book.Details(wardId);
        var hours = details?.OfficeHours;
        var key = hours is null ? "handoff_accepted_unknown_hours" : hours.IsOpen(now) ? "handoff_accepted_open" : "handoff_accepted_closed";
        var handedOver = Fill(content.Text(key), dc, book, hours, hours?.NextOpening(now));
        // Outside office hours the citizen also gets the ward's hotline and address, only when staff keep them.
        if (key != "handoff_accepted_open" && details is not null)
            handedOver += Contact(details);
        // The officer sees what the citizen was told (when a person answers) as the thread's last bot line.
        var lines = dc.Recent.Select(l => (l.Author == "citizen" ? Authors.Citizen : Authors.Bot, l.Text, l.At))
            .Append((Authors.Bot, handedOver, now)).ToList();
        var account = dc.Turn.Activity.Recipient?.Id;
        await threads.OpenAsync(new NewThread(dc.Channel, dc.ConversationId, dc.UserId, account, wardId, "citizen", now, lines),
            ThreadStates.Waiting, null, ct);
        dc.CancelAll();
        await dc.SendAsync(handedOver, ct);
        await dc.SendAsync(content.Text("handoff_silent"), ct);
    }

    string Contact(WardDetails details) =>
        (details.Hotline is { } phone ? " " + content.Text("handoff_contact_hotline").Replace("{hotline}", phone, StringComparison.Ordinal) : "")
        + (details.Address is { } address ? " " + content.Text("handoff_contact_address").Replace("{address}", address, StringComparison.Ordinal) : "");

    string Fill(string template, DialogContext dc, WardBook book, OfficeHours? hours, DateTimeOffset? next = null) => template
        .Replace("{ward}", wards.Of(dc) is { } id && units.Find(id) is { } unit ? book.NameOf(unit) : "phường", StringComparison.Ordinal)
        .Replace("{hours}", hours?.Describe() ?? "", StringComparison.Ordinal)
        .Replace("{next}", next is { } t ? Opening(t) : "", StringComparison.Ordinal);

    /// <summary>"7:30 Thứ Hai 30/11".</summary>
    static string Opening(DateTimeOffset utc)
    {
        var local = VietnamTime.ToLocal(utc);
        string[] days = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];
        return $"{local:H:mm} {days[(int)local.DayOfWeek]} {local:dd/MM}";
    }
}

/// <summary>"gặp cán bộ", "nói chuyện với người", "hỏi cán bộ phường" (with or without diacritics) anywhere in a message.
/// Asking for a person wins over whatever the open dialog expects (a quiz question would otherwise read it as an answer).</summary>
public sealed class HandoffTrigger : ITopicTrigger
{
    static readonly string[] Phrases =
        ["gap can bo", "noi chuyen voi nguoi", "noi chuyen voi can bo", "hoi can bo phuong", "gap nguoi that", "gap nhan vien",
         "noi chuyen truc tiep"];

    public int Order => 40;

    public bool BeforeActiveDialog => true;

    public async Task<bool> TryStartAsync(DialogContext dc, string text, CancellationToken ct)
    {
        if (dc.Active?.Id == HandoffDialog.DialogId) return false; // the offer is open: "gặp cán bộ" accepts it
        var folded = " " + VietnameseText.Fold(text) + " ";
        if (!Phrases.Any(p => folded.Contains(" " + p + " ", StringComparison.Ordinal))) return false;
        await dc.BeginAsync(HandoffDialog.DialogId, null, ct);
        return true;
    }
}
