using System.Net;
using System.Net.Http.Json;
using System.Text;
using Chatbot.Tests.Infrastructure;
using Chatbot.Tests.Staff;
using Chatbot.Web.Knowledge;
using Chatbot.Web.Staff;
using Chatbot.Web.Storage;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Knowledge;

/// <summary>
/// Staff teach the bot (issue 12) through the review queue at /admin/questions, scoped per ward like posts (issue 13,
/// point 6): real HTTP, cookies and antiforgery, real databases.
/// </summary>
public sealed class ReviewQueueTests
{
    /// <summary>Written for these tests: about difference 1's idea, in words no example question uses, so the bot does
    /// not answer it until staff assign it.</summary>
    const string Unknown = "phường trang bị máy móc đủ cả rồi mà bà con vẫn phải chạy đi chạy lại nhiều lần";

    /// <summary>The Facebook Page of Phường Sài Gòn in dialogs/units/wards.yaml: messages to it belong to that ward.</summary>
    const string SaiGonPage = "100000000000001";

    static Task<IReadOnlyList<Activity>> AskOnSaiGonPageAsync(ChatbotApp app, string text, string user = "psid-1") =>
        app.SendAsync(new Activity { Type = ActivityTypes.Message, Text = text, Id = Guid.NewGuid().ToString("N"),
            Recipient = new ChannelAccount(SaiGonPage) }, conversation: $"facebook:{SaiGonPage}:{user}", user: user, channel: "facebook");

    static async Task<HttpResponseMessage> AssignAsync(ConsoleClient staff, long id, string target) =>
        await staff.PostFormAsync("/admin/questions", "/admin/questions?handler=Assign", new() { ["id"] = id.ToString(), ["target"] = target });

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_staff_member_assigns_a_question_with_one_click_and_the_next_citizen_gets_that_answer(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        Assert.DoesNotContain("Điểm 1/17", (await AskOnSaiGonPageAsync(app, Unknown)).Texts());

        var questions = app.Services.GetRequiredService<UnansweredQuestions>();
        var asked = Assert.Single(await questions.ListAsync(default));
        Assert.Equal(("sai-gon", Unknown), (asked.WardId, asked.Text));

        var editor = await ConsoleClient.SignInAsync(app, "bt-sai-gon", Roles.WardEditor, "sai-gon");
        Assert.Contains(Unknown, WebUtility.HtmlDecode(await editor.Http.GetStringAsync("/admin/questions")));
        var assigned = await AssignAsync(editor, asked.Id, "d:1");
        Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);

        var example = Assert.Single(await app.Services.GetRequiredService<StaffExamples>().ListAsync(null, all: true, default));
        Assert.Equal((Unknown, 1, "bt-sai-gon", app.Clock.GetUtcNow()), (example.Text, example.Difference, example.CreatedBy, example.CreatedAt));
        Assert.Contains(await app.Services.GetRequiredService<AuditLog>().ListAsync(null, 10, default),
            e => e.Action == "question.assign" && e.Actor == "bt-sai-gon" && e.Detail!.Contains("điểm 1"));
        Assert.True(Assert.Single(await questions.ListAsync(default)).Handled);
        Assert.DoesNotContain(Unknown, WebUtility.HtmlDecode(await editor.Http.GetStringAsync("/admin/questions#queue")).Split("id=\"examples\"")[0]);

        // The next citizen, on another channel, gets the difference without any restart.
        var answer = await app.SayAsync(Unknown, conversation: "web-2");
        Assert.Contains("Điểm 1/17: Chuyển trọng tâm từ chính quyền sang người dân", answer.Texts());

        // Removed, the example no longer answers; the row stays with who removed it.
        var removed = await editor.PostFormAsync("/admin/questions", "/admin/questions?handler=Remove", new() { ["id"] = example.Id.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.DoesNotContain("Điểm 1/17", (await app.SayAsync(Unknown, conversation: "web-3")).Texts());
        Assert.Contains(await app.Services.GetRequiredService<AuditLog>().ListAsync(null, 10, default), e => e.Action == "example.remove");
    }

    [Fact]
    public async Task Asking_how_to_join_a_community_team_gets_the_wards_teams_and_reaches_staff()
    {
        await using var app = await ChatbotApp.StartAsync();
        var reply = string.Join("\n", (await AskOnSaiGonPageAsync(app, "em muốn đăng ký vô tổ cns cộng đồng làm tình nguyện thì liên hệ ai ạ")).Texts());
        Assert.Contains("Việc tham gia, liên hệ hay hẹn tổ công nghệ số cộng đồng do UBND phường sắp xếp", reply);
        Assert.Contains("Tổ công nghệ số cộng đồng khu phố 1", reply); // the ward's own teams, as staff keep them
        Assert.DoesNotContain("xin phép không trả lời", reply);
        var asked = Assert.Single(await app.Services.GetRequiredService<UnansweredQuestions>().ListAsync(default));
        Assert.Equal(("sai-gon", QuestionOutcomes.None), (asked.WardId, asked.Outcome));
    }

    [Fact]
    public async Task Erasing_my_data_removes_my_asks_from_the_queue_and_leaves_others()
    {
        await using var app = await ChatbotApp.StartAsync();
        await AskOnSaiGonPageAsync(app, "giá vàng hôm nay bao nhiêu", user: "psid-erase");
        await AskOnSaiGonPageAsync(app, "giá xăng tuần này", user: "psid-keep");
        await AskOnSaiGonPageAsync(app, "xóa dữ liệu của tôi", user: "psid-erase");
        await AskOnSaiGonPageAsync(app, "Đồng ý xóa", user: "psid-erase");

        var left = Assert.Single(await app.Services.GetRequiredService<UnansweredQuestions>().ListAsync(default));
        Assert.Equal(("giá xăng tuần này", $"facebook:{SaiGonPage}:psid-keep"), (left.Text, left.ConversationId));
    }

    [Fact]
    public async Task A_question_marked_out_of_scope_leaves_the_queue_and_teaches_nothing()
    {
        await using var app = await ChatbotApp.StartAsync();
        await AskOnSaiGonPageAsync(app, "giá vàng hôm nay bao nhiêu");
        await AskOnSaiGonPageAsync(app, "giá vàng hôm nay bao nhiêu", user: "psid-2");
        var questions = app.Services.GetRequiredService<UnansweredQuestions>();
        var group = Assert.Single(await questions.QueueAsync(WardScope.All, default));
        Assert.Equal(2, group.Count);

        var approver = await ConsoleClient.SignInAsync(app, "ld-sai-gon", Roles.WardApprover, "sai-gon");
        var marked = await approver.PostFormAsync("/admin/questions", "/admin/questions?handler=OutOfScope", new() { ["id"] = group.Id.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        Assert.Empty(await questions.QueueAsync(WardScope.All, default));
        Assert.All(await questions.ListAsync(default), q => Assert.Equal(("out_of_scope", "ld-sai-gon"), (q.Resolution, q.ResolvedBy)));
        Assert.Empty(await app.Services.GetRequiredService<StaffExamples>().ListAsync(null, all: true, default));
    }

    [Fact]
    public async Task Clarify_taps_and_rejections_reach_the_queue_with_the_ward_the_citizen_chose_in_web_chat()
    {
        await using var app = await ChatbotApp.StartAsync();
        using var web = app.CreateClient();
        async Task<string> SayAsync(string? conversation, string text)
        {
            var response = await web.PostAsJsonAsync("/api/webchat", new { conversationId = conversation, text });
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadAsStringAsync();
            return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("conversationId").GetString()!;
        }
        var id = await SayAsync(null, "");
        await SayAsync(id, "Nhận tin của phường");
        await SayAsync(id, "Phường Tân Định");
        await SayAsync(id, "công nghệ nào quan trọng nhất khi chuyển đổi số");
        await SayAsync(id, "Không phải");
        await SayAsync(id, "người dùng quan trọng thế nào trong chuyển đổi số");
        await SayAsync(id, "Điểm 12");

        var rows = await app.Services.GetRequiredService<UnansweredQuestions>().ListAsync(default);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(("tan-dinh", "webchat"), (r.WardId, r.Channel)));
        Assert.Equal((QuestionOutcomes.ClarifyRejected, (int?)null), (rows[0].Outcome, rows[0].Chosen));
        Assert.Contains(10, rows[0].Offered);
        Assert.Equal((QuestionOutcomes.ClarifyChosen, (int?)12), (rows[1].Outcome, rows[1].Chosen));

        // The queue offers the tapped difference first, as the one-click choice.
        var admin = await ConsoleClient.SignInAsync(app, "quan", Roles.DistrictAdmin, null);
        var page = WebUtility.HtmlDecode(await admin.Http.GetStringAsync("/admin/questions?ward=tan-dinh"));
        Assert.Contains("người dân chọn điểm 12", page);
        Assert.Contains("Gán vào điểm 12", page);
    }

    [Fact]
    public async Task A_ward_sees_and_handles_only_its_own_questions_and_insight_while_the_district_sees_all()
    {
        await using var app = await ChatbotApp.StartAsync();
        var questions = app.Services.GetRequiredService<UnansweredQuestions>();
        await questions.RecordAsync(new QuestionAsk("câu của Sài Gòn", "facebook", "c1", "sai-gon"), default);
        await questions.RecordAsync(new QuestionAsk("câu của Tân Định", "zalo", "c2", "tan-dinh"), default);
        await questions.RecordAsync(new QuestionAsk("câu chưa rõ phường", "webchat", "c3", null), default);
        var all = await questions.ListAsync(default);
        var (saiGon, tanDinh, unknown) = (all[0].Id, all[1].Id, all[2].Id);
        var examples = app.Services.GetRequiredService<StaffExamples>();
        var theirs = await examples.AddAsync("ví dụ của Tân Định", 3, null, "tan-dinh", "bt-tan-dinh", default);

        var editor = await ConsoleClient.SignInAsync(app, "bt-sai-gon", Roles.WardEditor, "sai-gon");
        var page = WebUtility.HtmlDecode(await editor.Http.GetStringAsync("/admin/questions"));
        Assert.Contains("câu của Sài Gòn", page);
        Assert.DoesNotContain("câu của Tân Định", page);
        Assert.DoesNotContain("câu chưa rõ phường", page);
        Assert.DoesNotContain("ví dụ của Tân Định", page);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync("/admin/questions?ward=tan-dinh")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await AssignAsync(editor, tanDinh, "d:2")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await AssignAsync(editor, unknown, "d:2")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.PostFormAsync("/admin/questions", "/admin/questions?handler=OutOfScope",
            new() { ["id"] = tanDinh.ToString() })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.PostFormAsync("/admin/questions", "/admin/questions?handler=Remove",
            new() { ["id"] = theirs.ToString() })).StatusCode);
        Assert.False((await questions.ListAsync(default)).Single(q => q.Id == tanDinh).Handled);
        Assert.NotNull(await examples.FindAsync(theirs, default));
        // A bad target is a Vietnamese message back on the page, nothing assigned.
        var bad = await AssignAsync(editor, saiGon, "d:40");
        Assert.Equal(HttpStatusCode.Redirect, bad.StatusCode);
        Assert.Contains("Chọn một điểm khác nhau", WebUtility.HtmlDecode(await editor.Http.GetStringAsync("/admin/questions")));
        Assert.False((await questions.ListAsync(default)).Single(q => q.Id == saiGon).Handled);

        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync("/admin/insight?ward=tan-dinh")).StatusCode);
        var insight = WebUtility.HtmlDecode(await editor.Http.GetStringAsync("/admin/insight"));
        Assert.Contains("1 câu hỏi bot chưa trả lời thẳng", insight);
        Assert.DoesNotContain("Phường Tân Định", insight);
        var report = Encoding.UTF8.GetString((await (await editor.GetAsync("/admin/insight?handler=Report")).Content.ReadAsByteArrayAsync())[3..]);
        Assert.Equal(["Phường Sài Gòn"], report.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[0]));

        var admin = await ConsoleClient.SignInAsync(app, "quan", Roles.DistrictAdmin, null);
        var everything = WebUtility.HtmlDecode(await admin.Http.GetStringAsync("/admin/questions"));
        Assert.Contains("câu của Tân Định", everything);
        Assert.Contains("câu chưa rõ phường", everything);
        Assert.Contains("câu chưa rõ phường", WebUtility.HtmlDecode(await admin.Http.GetStringAsync("/admin/questions?ward=none")));
        Assert.Equal(HttpStatusCode.Redirect, (await AssignAsync(admin, unknown, "faq:cds-la-gi")).StatusCode);
        Assert.Equal("cds-la-gi", (await examples.ListAsync(null, all: true, default)).Single(e => e.Text == "câu chưa rõ phường").FaqId);
        var districtReport = Encoding.UTF8.GetString((await (await admin.GetAsync("/admin/insight?handler=Report")).Content.ReadAsByteArrayAsync())[3..]);
        Assert.Contains("Phường Tân Định", districtReport);
        Assert.Contains("Phường Sài Gòn", districtReport);
    }

    /// <summary>Issue 12: an assignment made on one instance answers on the other at once (PostgreSQL is the
    /// multi-instance path), because each instance compares the knowledge revision before answering.</summary>
    [SkippableFact, Trait("Provider", "Postgres")]
    public async Task An_assignment_on_one_instance_changes_the_other_instances_answer_without_a_restart()
    {
        TestDatabase.RequirePostgres();
        await using var a = await ChatbotApp.StartAsync(StorageProvider.Postgres);
        await using var b = ChatbotApp.OnSameDatabase(a);
        Assert.DoesNotContain("Điểm 1/17", (await AskOnSaiGonPageAsync(b, Unknown)).Texts());

        var id = Assert.Single(await a.Services.GetRequiredService<UnansweredQuestions>().ListAsync(default)).Id;
        var editor = await ConsoleClient.SignInAsync(a, "bt-sai-gon", Roles.WardEditor, "sai-gon");
        Assert.Equal(HttpStatusCode.Redirect, (await AssignAsync(editor, id, "d:1")).StatusCode);

        Assert.Contains("Điểm 1/17", (await b.SayAsync(Unknown, conversation: "on-b")).Texts());
        var search = await b.Services.GetRequiredService<KnowledgeIndex>().CurrentAsync(default);
        Assert.Equal(1, search.Decide(Unknown).Difference?.Number);
    }
}
