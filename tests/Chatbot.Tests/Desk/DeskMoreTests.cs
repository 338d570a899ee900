using System.Net;
using System.Net.Http.Json;
using Chatbot.Tests.Channels;
using Chatbot.Tests.Infrastructure;
using Chatbot.Tests.Staff;
using Chatbot.Web.Channels.Outbound;
using Chatbot.Web.Conversations;
using Chatbot.Web.Desk;
using Chatbot.Web.Knowledge;
using Chatbot.Web.Staff;
using Chatbot.Web.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Desk;

/// <summary>Issue 14: web chat hand-off and polling, no ward news while a person owns the conversation, FAQ drafts,
/// insight counts, erasure.</summary>
public sealed class DeskMoreTests
{
    [Fact]
    public async Task A_web_chat_citizen_picks_the_ward_and_sees_the_officers_reply_in_the_open_page_and_on_return()
    {
        await using var app = await ChatbotApp.StartAsync();
        var browser = app.CreateClient();
        async Task<WebChatResponse> Say(string? conversation, string? text) =>
            (await (await browser.PostAsJsonAsync("/api/webchat", new WebChatRequest(conversation, text))).Content.ReadFromJsonAsync<WebChatResponse>())!;
        var id = (await Say(null, null)).ConversationId;
        Assert.Contains("phường nào", string.Join("\n", (await Say(id, "gặp cán bộ")).Replies.Select(r => r.Text)));
        Assert.Contains("cán bộ Phường Bến Thành", string.Join("\n", (await Say(id, "Bến Thành")).Replies.Select(r => r.Text)));
        await Say(id, "Đồng ý");
        Assert.Empty((await Say(id, "Phường có hỗ trợ cài VNeID tại nhà không?")).Replies);

        var poll = await browser.GetFromJsonAsync<WebChatStaffReplies>($"/api/webchat/{id}/staff?after=0");
        Assert.True(poll!.WithPerson);
        Assert.Empty(poll.Replies);

        var officer = await ConsoleClient.SignInAsync(app, "can-bo-bt", Roles.WardEditor, "ben-thanh");
        var thread = (await app.Services.GetRequiredService<DeskThreads>().ListAsync(WardScope.All, "ben-thanh", ThreadStates.Waiting, 10, default)).Single();
        Assert.Contains("Phường có hỗ trợ cài VNeID tại nhà không?", await officer.Http.GetStringAsync($"/admin/inbox/{thread.Id}"));
        using (await officer.ReplyAsync(thread.Id, "Có, tổ công nghệ số sẽ đến hỗ trợ bạn.")) { }

        poll = await browser.GetFromJsonAsync<WebChatStaffReplies>($"/api/webchat/{id}/staff?after=0");
        var reply = Assert.Single(poll!.Replies);
        Assert.Equal("Có, tổ công nghệ số sẽ đến hỗ trợ bạn.", reply.Text);
        Assert.Empty((await app.CreateClient().GetFromJsonAsync<WebChatStaffReplies>($"/api/webchat/{id}/staff?after={reply.Id}"))!.Replies);
        // Another visitor's conversation sees nothing of it; a malformed id is refused.
        Assert.Empty((await browser.GetFromJsonAsync<WebChatStaffReplies>($"/api/webchat/{new string('a', 32)}/staff"))!.Replies);
        using (var bad = await browser.GetAsync("/api/webchat/xyz/staff")) Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        using (await officer.PostFormAsync($"/admin/inbox/{thread.Id}", $"/admin/inbox/{thread.Id}?handler=Close", new())) { }
        poll = await browser.GetFromJsonAsync<WebChatStaffReplies>($"/api/webchat/{id}/staff?after={reply.Id}");
        Assert.False(poll!.WithPerson);
        Assert.StartsWith("Cán bộ phường đã kết thúc", Assert.Single(poll.Replies).Text);
        Assert.Contains("Điểm 3/17", string.Join("\n", (await Say(id, "điểm 3")).Replies.Select(r => r.Text)));
    }

    [Fact]
    public async Task No_ward_news_reaches_a_citizen_while_a_person_owns_the_conversation()
    {
        await using var kit = await ChannelKit.StartAsync();
        await kit.HandOffAsync(t => kit.MessengerSaysAsync("psid-news", t), "psid-news", 0);
        var before = kit.Sent("facebook").Count;
        var messenger = kit.App.Services.GetRequiredService<ICitizenMessenger>();
        var outcome = await messenger.SendAsync(new CitizenMessage("facebook", "psid-news", "sai-gon", "Tin mới của phường", kit.App.Clock.GetUtcNow()), default);
        Assert.Equal(CitizenSendResult.NotAllowed, outcome.Result);
        Assert.Equal("person-owns-conversation", outcome.Reason);
        Assert.Equal(before, kit.Sent("facebook").Count);

        // Another citizen (no person involved) still gets the news.
        await kit.MessengerSaysAsync("psid-other", "xin chào");
        await kit.HandledAsync(3);
        var other = await messenger.SendAsync(new CitizenMessage("facebook", "psid-other", "sai-gon", "Tin mới của phường", kit.App.Clock.GetUtcNow()), default);
        Assert.Equal(CitizenSendResult.Sent, other.Result);
    }

    [Fact]
    public async Task An_answer_becomes_an_FAQ_draft_for_the_district_admin_and_counts_show_per_ward()
    {
        await using var kit = await ChannelKit.StartAsync();
        var thread = await kit.HandOffAsync(t => kit.MessengerSaysAsync("psid-faq", t), "psid-faq", 0);
        await kit.MessengerSaysAsync("psid-faq", "Phường có wifi miễn phí ở đâu?");
        await kit.HandledAsync(3);
        kit.App.Clock.Advance(TimeSpan.FromHours(3)); // Thursday 08:00 → 11:00: within 4 working hours
        var officer = await ConsoleClient.SignInAsync(kit.App, "can-bo-sg", Roles.WardEditor, "sai-gon");
        using (await officer.ReplyAsync(thread.Id, "Wifi miễn phí có ở nhà văn hóa phường.")) { }
        var answer = (await kit.MessagesAsync(thread.Id)).Single(m => m.Author == Authors.Staff);
        var page = await officer.Http.GetStringAsync($"/admin/inbox/{thread.Id}");
        Assert.Contains("value=\"Phường có wifi miễn phí ở đâu?\"", page); // the question is prefilled from the citizen's message

        using (var proposed = await officer.PostFormAsync($"/admin/inbox/{thread.Id}", $"/admin/inbox/{thread.Id}?handler=Faq",
                   new() { ["message"] = answer.Id.ToString(), ["question"] = "Wifi miễn phí của phường ở đâu?" }))
            Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        var drafts = await kit.App.Services.GetRequiredService<FaqDrafts>().ListAsync(WardScope.All, "draft", default);
        var draft = Assert.Single(drafts);
        Assert.Equal(("Wifi miễn phí của phường ở đâu?", "Wifi miễn phí có ở nhà văn hóa phường.", "sai-gon"), (draft.Question, draft.Answer, draft.WardId));
        Assert.DoesNotContain("faq-drafts", await officer.Http.GetStringAsync("/admin/inbox"));

        var admin = await ConsoleClient.SignInAsync(kit.App, "quan-tri", Roles.DistrictAdmin, null);
        var inbox = await admin.Http.GetStringAsync("/admin/inbox");
        Assert.Contains("Wifi miễn phí của phường ở đâu?", inbox);
        var counts = Assert.Single(await kit.App.Services.GetRequiredService<DeskInsight>().CountsAsync(WardScope.All, default));
        Assert.Equal(("sai-gon", 0, 1, 1, 1, TimeSpan.FromHours(3)),
            (counts.WardId, counts.Waiting, counts.Requested, counts.Answered, counts.AnsweredWithin4WorkingHours, counts.MedianFirstResponse));
        Assert.Contains("3 giờ 0 phút", inbox);
        Assert.Single(await kit.App.Services.GetRequiredService<AuditLog>().ListAsync("sai-gon", 50, default), a => a.Action == "desk.faq-draft");
    }

    [Fact]
    public async Task Erasing_my_data_removes_what_the_citizen_wrote_to_staff()
    {
        await using var kit = await ChannelKit.StartAsync();
        var thread = await kit.HandOffAsync(t => kit.MessengerSaysAsync("psid-erase", t), "psid-erase", 0);
        await kit.MessengerSaysAsync("psid-erase", "Số điện thoại của tôi là 0909000000");
        await kit.HandledAsync(3);
        foreach (var eraser in kit.App.Services.GetServices<IPersonalDataEraser>()) await eraser.EraseAsync("facebook", "psid-erase", default);
        Assert.DoesNotContain(await kit.MessagesAsync(thread.Id), m => m.Text.Contains("0909000000"));
        Assert.Equal(0L, await kit.ScalarAsync<long>("SELECT COUNT(*) FROM desk_threads WHERE user_id = 'psid-erase'"));
    }

    [Fact]
    public async Task Privacy_words_to_an_owned_conversation_start_the_erase_dialog_and_the_erasure_closes_the_thread()
    {
        await using var kit = await ChannelKit.StartAsync();
        var thread = await kit.HandOffAsync(t => kit.MessengerSaysAsync("psid-privacy", t), "psid-privacy", 0);
        Assert.Contains(await kit.MessagesAsync(thread.Id), m => m.Author == Authors.Bot && m.Text.StartsWith("Đã chuyển cho cán bộ", StringComparison.Ordinal));
        await kit.MessengerSaysAsync("psid-privacy", "Số điện thoại của tôi là 0909000000");
        await kit.MessengerSaysAsync("psid-privacy", "xóa dữ liệu của tôi");
        await kit.HandledAsync(4);
        Assert.Contains(kit.TextsTo("facebook", "psid-privacy"), t => t.StartsWith("Bạn muốn xóa dữ liệu của mình?", StringComparison.Ordinal));
        Assert.DoesNotContain(await kit.MessagesAsync(thread.Id), m => m.Text.Contains("xóa dữ liệu", StringComparison.Ordinal));

        await kit.MessengerSaysAsync("psid-privacy", "Đồng ý xóa");
        // The erasure also deletes the citizen's stored webhook events, so wait for the reply rather than count events.
        await Eventually.TrueAsync(() => kit.TextsTo("facebook", "psid-privacy")
            .Any(t => t.StartsWith("Đã xóa dữ liệu của bạn.", StringComparison.Ordinal)), "the erasure confirmed to the citizen");
        Assert.DoesNotContain(await kit.MessagesAsync(thread.Id), m => m.Author is Authors.Citizen or Authors.Bot);
        var closed = await kit.App.Services.GetRequiredService<DeskThreads>().FindAsync(thread.Id, WardScope.All, default);
        Assert.Equal((ThreadStates.Closed, "erased"), (closed!.State, closed.UserId));
        Assert.Single(await kit.App.Services.GetRequiredService<AuditLog>().ListAsync(thread.WardId, 50, default),
            a => a.Action == "desk.erased" && a.Target == $"thread:{thread.Id}");
    }

    [Fact]
    public async Task A_message_written_while_the_worker_is_down_joins_the_thread_when_it_returns()
    {
        await using var kit = await ChannelKit.StartAsync();
        var thread = await kit.HandOffAsync(t => kit.MessengerSaysAsync("psid-outage", t), "psid-outage", 0);
        var sentBefore = kit.TextsTo("facebook", "psid-outage").Count;
        await kit.App.StopAsync();
        // The next instance takes webhooks but its worker is off (an outage of the worker): the message is only stored.
        await using (var down = ChatbotApp.OnSameDatabase(kit.App, a => { ChannelKit.Configure(a, kit.Simulator); a.With("Inbox:WorkerEnabled", "false"); }))
        {
            using (await kit.PostFacebookAsync(ChannelKit.MessengerText("psid-outage", "mid.outage", "Em gửi lúc hệ thống bận"), app: down)) { }
            Assert.DoesNotContain(await MessagesAsync(down, thread.Id), m => m.Text == "Em gửi lúc hệ thống bận");
        }
        await using var back = ChatbotApp.OnSameDatabase(kit.App, a => ChannelKit.Configure(a, kit.Simulator));
        await Eventually.TrueAsync(async () => (await MessagesAsync(back, thread.Id)).Any(m => m.Text == "Em gửi lúc hệ thống bận"),
            "the message in the thread");
        Assert.Equal(sentBefore, kit.TextsTo("facebook", "psid-outage").Count); // and the bot stayed silent
    }

    static Task<IReadOnlyList<DeskMessage>> MessagesAsync(ChatbotApp app, long threadId) =>
        app.Services.GetRequiredService<DeskThreads>().MessagesAsync(threadId, default);

    [Fact]
    public async Task A_photo_sent_to_an_officer_gets_no_bot_reply_and_is_noted_in_the_thread()
    {
        await using var app = await ChatbotApp.StartAsync();
        await app.SayAsync("gặp cán bộ", conversation: "photo");
        await app.SayAsync("Sài Gòn", conversation: "photo");
        await app.SayAsync("Đồng ý", conversation: "photo");
        var replies = await app.SendAsync(new Microsoft.Bot.Schema.Activity
        {
            Type = Microsoft.Bot.Schema.ActivityTypes.Message, Id = "photo-1",
            Attachments = [new Microsoft.Bot.Schema.Attachment("image/jpeg", "https://example.invalid/a.jpg")],
        }, conversation: "photo");
        Assert.Empty(replies);
        var thread = (await app.Services.GetRequiredService<DeskThreads>().ListAsync(WardScope.All, "sai-gon", ThreadStates.Waiting, 5, default)).Single();
        Assert.Contains(await MessagesAsync(app, thread.Id), m => m.Author == Authors.Citizen && m.Text.Contains("ảnh, tệp"));
    }
}
