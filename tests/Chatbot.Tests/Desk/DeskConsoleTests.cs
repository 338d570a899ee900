using System.Net;
using Chatbot.Tests.Channels;
using Chatbot.Tests.Infrastructure;
using Chatbot.Tests.Staff;
using Chatbot.Web.Desk;
using Chatbot.Web.Staff;
using Chatbot.Web.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Desk;

/// <summary>
/// Issue 14 end to end over real HTTP: citizens on the simulated Messenger and Zalo ask for a person, a Sài Gòn officer
/// answers both from /admin/inbox, the simulator receives each answer once (Messenger as RESPONSE), the bot says nothing
/// until the thread is closed, and a Tân Định officer gets 404 on the Sài Gòn threads.
/// </summary>
public sealed class DeskConsoleTests
{
    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_officer_answers_a_Messenger_and_a_Zalo_citizen_once_each_and_the_bot_is_silent_until_closed(StorageProvider provider)
    {
        await using var kit = await ChannelKit.StartAsync(provider);
        var fb = await kit.HandOffAsync(t => kit.MessengerSaysAsync("psid-desk", t), "psid-desk", 0);
        Assert.Contains(kit.TextsTo("facebook", "psid-desk"), t => t.Contains("Đã chuyển cho cán bộ Phường Sài Gòn"));
        var zalo = await kit.HandOffAsync(t => kit.ZaloSaysAsync("zalo-desk", t), "zalo-desk", 2);
        Assert.Contains(kit.TextsTo("zalo", "zalo-desk"), t => t.Contains("Đã chuyển cho cán bộ Phường Sài Gòn"));
        Assert.Equal(ThreadStates.Waiting, fb.State);

        // While a person owns the threads, the bot answers nothing — not even a question it knows.
        var fbBefore = kit.TextsTo("facebook", "psid-desk").Count;
        var zaloBefore = kit.TextsTo("zalo", "zalo-desk").Count;
        await kit.MessengerSaysAsync("psid-desk", "Điện toán đám mây là gì?");
        await kit.ZaloSaysAsync("zalo-desk", "Cho hỏi thủ tục đăng ký thường trú");
        await kit.HandledAsync(6);
        Assert.Equal(fbBefore, kit.TextsTo("facebook", "psid-desk").Count);
        Assert.Equal(zaloBefore, kit.TextsTo("zalo", "zalo-desk").Count);
        Assert.Contains(await kit.MessagesAsync(fb.Id), m => m is { Author: Authors.Citizen, Text: "Điện toán đám mây là gì?" });
        // The exchange before the hand-off is in the thread too.
        Assert.Contains(await kit.MessagesAsync(fb.Id), m => m is { Author: Authors.Bot } && m.Text.Contains("Bạn có muốn gặp cán bộ"));

        kit.App.Clock.Advance(TimeSpan.FromMinutes(30));
        var officer = await ConsoleClient.SignInAsync(kit.App, "can-bo-sg", Roles.WardEditor, "sai-gon");
        var inbox = await officer.Http.GetStringAsync("/admin/inbox");
        Assert.Contains($"/admin/inbox/{fb.Id}", inbox);
        Assert.Contains($"/admin/inbox/{zalo.Id}", inbox);
        Assert.Contains("còn 23 giờ để trả lời trên Messenger", inbox);
        // Zalo counts the bot's three replies (offer, hand-off, "silent from now") against the 8 free CS messages.
        Assert.Contains("còn 47 giờ, 5 tin miễn phí trên Zalo", inbox);
        var page = await officer.Http.GetStringAsync($"/admin/inbox/{fb.Id}");
        Assert.Contains("Điện toán đám mây là gì?", page);

        using (var sent = await officer.ReplyAsync(fb.Id, "Chào bạn, cán bộ phường Sài Gòn xin trả lời:", "https://dichvucong.gov.vn/"))
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        using (await officer.ReplyAsync(zalo.Id, "Bạn mang CCCD đến bộ phận một cửa nhé.")) { }

        var toCitizen = kit.Sent("facebook").Where(m => m.Recipient == "psid-desk").ToList();
        var answer = Assert.Single(toCitizen, m => m.Body["message"]!["text"]!.GetValue<string>().StartsWith("Chào bạn, cán bộ phường Sài Gòn"));
        Assert.Equal("RESPONSE", answer.Body["messaging_type"]!.GetValue<string>());
        Assert.Contains("https://dichvucong.gov.vn/", answer.Body["message"]!["text"]!.GetValue<string>());
        Assert.Single(kit.TextsTo("zalo", "zalo-desk"), t => t == "Bạn mang CCCD đến bộ phận một cửa nhé.");
        var stored = (await kit.MessagesAsync(fb.Id)).Single(m => m.Author == Authors.Staff);
        Assert.Equal(DeskDelivery.Sent, stored.Status);
        Assert.Equal("can-bo-sg", stored.StaffName);
        Assert.Equal(ThreadStates.Open, (await kit.ThreadAsync("psid-desk")).State);

        // Another ward's officer: not found, nothing sent.
        var other = await ConsoleClient.SignInAsync(kit.App, "can-bo-td", Roles.WardEditor, "tan-dinh");
        using (var hidden = await other.GetAsync($"/admin/inbox/{fb.Id}")) Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.DoesNotContain($"/admin/inbox/{fb.Id}", await other.Http.GetStringAsync("/admin/inbox?state=open"));
        var sentBefore = kit.Sent("facebook").Count;
        var token = await other.TokenAsync("/admin/inbox"); // a valid form token of the officer's own pages
        using (var forged = await other.Http.PostAsync($"/admin/inbox/{fb.Id}?handler=Reply", new FormUrlEncodedContent(
                   new Dictionary<string, string> { ["Text"] = "Tin giả mạo", ["__RequestVerificationToken"] = token })))
            Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Equal(sentBefore, kit.Sent("facebook").Count);

        // Closing hands the conversation back: the citizen is told once, and the bot answers again.
        using (await officer.PostFormAsync($"/admin/inbox/{fb.Id}", $"/admin/inbox/{fb.Id}?handler=Close", new())) { }
        Assert.Single(kit.TextsTo("facebook", "psid-desk"), t => t.StartsWith("Cán bộ phường đã kết thúc cuộc trò chuyện"));
        await kit.MessengerSaysAsync("psid-desk", "điểm 3");
        await kit.HandledAsync(7);
        Assert.Contains(kit.TextsTo("facebook", "psid-desk"), t => t.Contains("Điểm 3/17"));
        Assert.Equal(zaloBefore + 1, kit.TextsTo("zalo", "zalo-desk").Count); // the Zalo thread is still a person's

        var audit = await kit.App.Services.GetRequiredService<AuditLog>().ListAsync("sai-gon", 50, default);
        Assert.Equal(2, audit.Count(a => a.Action == "desk.reply"));
        Assert.Contains(audit, a => a.Action == "desk.close" && a.Target == $"thread:{fb.Id}" && a.Actor == "can-bo-sg");
    }

    [Fact]
    public async Task Outside_the_Messenger_window_the_reply_box_says_why_and_nothing_is_sent()
    {
        await using var kit = await ChannelKit.StartAsync();
        var fb = await kit.HandOffAsync(t => kit.MessengerSaysAsync("psid-late", t), "psid-late", 0);
        kit.App.Clock.Advance(TimeSpan.FromHours(23.5));
        var officer = await ConsoleClient.SignInAsync(kit.App, "can-bo-sg", Roles.WardEditor, "sai-gon");
        Assert.Contains("còn 30 phút để trả lời trên Messenger", await officer.Http.GetStringAsync($"/admin/inbox/{fb.Id}"));

        kit.App.Clock.Advance(TimeSpan.FromHours(1));
        officer = await ConsoleClient.SignInAsync(kit.App, "can-bo-sg", Roles.WardEditor, "sai-gon");
        var page = await officer.Http.GetStringAsync($"/admin/inbox/{fb.Id}");
        Assert.Contains("hết hạn trả lời trên Messenger", page);
        Assert.Contains("Khi người dân nhắn lại, bạn trả lời được ngay", page);
        Assert.DoesNotContain("id=\"reply\"", page);

        var before = kit.Sent("facebook").Count;
        using (var refused = await officer.PostFormAsync($"/admin/inbox/{fb.Id}", $"/admin/inbox/{fb.Id}?handler=Reply",
                   new() { ["Text"] = "Trả lời muộn" }))
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal(before, kit.Sent("facebook").Count);
        Assert.DoesNotContain(await kit.MessagesAsync(fb.Id), m => m.Author == Authors.Staff);
    }

    [Fact]
    public async Task A_staff_reply_typed_in_the_Page_inbox_opens_a_thread_shown_in_our_inbox_and_silences_the_bot()
    {
        await using var kit = await ChannelKit.StartAsync();
        var echo = $$$"""{"sender":{"id":"{{{ChannelKit.PageId}}}"},"recipient":{"id":"psid-echo"},"timestamp":{{{ChannelKit.Now}}},"message":{"is_echo":true,"app_id":263902037430900,"mid":"mid.staff","text":"Chào bạn, cán bộ phường đây"}}""";
        using (await kit.PostFacebookAsync(ChannelKit.Messenger(echo))) { }
        await kit.MessengerSaysAsync("psid-echo", "Dạ em cảm ơn, cho em hỏi thêm");
        await kit.HandledAsync(2);
        Assert.Empty(kit.TextsTo("facebook", "psid-echo"));

        var thread = await kit.ThreadAsync("psid-echo");
        Assert.Equal(ThreadStates.Open, thread.State);
        var officer = await ConsoleClient.SignInAsync(kit.App, "can-bo-sg", Roles.WardEditor, "sai-gon");
        Assert.Contains($"/admin/inbox/{thread.Id}", await officer.Http.GetStringAsync("/admin/inbox?state=open"));
        var page = await officer.Http.GetStringAsync($"/admin/inbox/{thread.Id}");
        Assert.Contains("Chào bạn, cán bộ phường đây", page);
        Assert.Contains("Dạ em cảm ơn, cho em hỏi thêm", page);
    }
}
