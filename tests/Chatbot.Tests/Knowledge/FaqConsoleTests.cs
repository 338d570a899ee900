using System.Net;
using Chatbot.Tests.Channels;
using Chatbot.Tests.Desk;
using Chatbot.Tests.Infrastructure;
using Chatbot.Tests.Staff;
using Chatbot.Web.Knowledge;
using Chatbot.Web.Staff;
using Chatbot.Web.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Chatbot.Tests.Knowledge.FaqEditorApiTests;

namespace Chatbot.Tests.Knowledge;

/// <summary>
/// The console's «Hỏi đáp» (/admin/faq, issue 16) as a browser uses it: real cookies, antiforgery and forms on a real
/// database. What the bot answers is asked through the real bot endpoint.
/// </summary>
public sealed class FaqConsoleTests
{
    const string Page = "/admin/faq/edit/" + EntryId;

    static Dictionary<string, string> Form(FaqEntry e, int version, string answer) => new()
    {
        ["Version"] = version.ToString(), ["Question"] = e.Question, ["Answer"] = answer, ["Related"] = string.Join(", ", e.Related),
        ["Keywords"] = string.Join("\n", e.Keywords), ["Questions"] = string.Join("\n", e.Questions),
    };

    static async Task<string> HtmlAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {html}");
        return WebUtility.HtmlDecode(html);
    }

    static FaqEntry Seeded(ChatbotApp app) => app.Services.GetRequiredService<KnowledgeBase>().FindFaq(EntryId)!;

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_admin_edits_in_the_console_the_bot_answers_with_it_and_a_stale_form_keeps_what_was_typed(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var admin = await ConsoleClient.SignInAsync(app, "quan-mot", Roles.DistrictAdmin, null);
        var other = await ConsoleClient.SignInAsync(app, "quan-hai", Roles.DistrictAdmin, null);
        Assert.Contains("Nền tảng số là gì?", WebUtility.HtmlDecode(await admin.Http.GetStringAsync("/admin/faq")));

        var saved = await admin.PostFormAsync(Page, Page + "?handler=Save", Form(Seeded(app), 1, NewAnswer));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains(NewAnswer, (await app.SayAsync(Asked, conversation: "c1")).Texts());

        // The other admin's form was opened at version 1: refused, told who and when, and what they typed is still there.
        const string theirs = "Câu trả lời người thứ hai đang gõ dở.";
        var stale = await HtmlAsync(await other.PostFormAsync(Page, Page + "?handler=Save", Form(Seeded(app), 1, theirs)));
        Assert.Contains("Mục này vừa được quan-mot sửa lúc 26/11/2026 08:00 (bản 2)", stale);
        Assert.Contains(theirs, stale);
        var row = await app.Services.GetRequiredService<FaqStore>().FindAsync(EntryId, default);
        Assert.Equal((2, NewAnswer), (row!.Version, row.Answer));

        // The history shows who changed what, word by word.
        var history = await admin.Http.GetStringAsync(Page);
        Assert.Contains("Bản 2 · Sửa · quan-mot · 26/11/2026 08:00", WebUtility.HtmlDecode(history));
        Assert.Contains("kiểm thử).</ins>", WebUtility.HtmlDecode(history));
        Assert.Contains("<del>Theo tài liệu,", WebUtility.HtmlDecode(history));
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Field_errors_name_the_form_fields_and_save_nothing_and_the_preview_answers_with_the_draft(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var admin = await ConsoleClient.SignInAsync(app, "quan", Roles.DistrictAdmin, null);
        var form = Form(Seeded(app), 1, "");
        form["Question"] = " ";
        form["Related"] = "3, ba, 18";
        var page = await HtmlAsync(await admin.PostFormAsync(Page, Page + "?handler=Save", form));
        Assert.Contains("Chưa lưu gì; hãy sửa các ô sau:", page);
        Assert.Contains("«Câu hỏi» không được để trống.", page);
        Assert.Contains("«Câu trả lời» không được để trống.", page);
        Assert.Contains("«Điểm liên quan»: «ba» không phải số điểm", page);
        Assert.Equal(1, (await app.Services.GetRequiredService<FaqStore>().FindAsync(EntryId, default))!.Version);

        // Preview: what the bot would answer a typed question with the draft — nothing saved.
        var draft = Form(Seeded(app), 1, NewAnswer);
        draft["PreviewQuestion"] = "cho hỏi nền tảng số là gì ạ";
        var preview = await HtmlAsync(await admin.PostFormAsync(Page, Page + "?handler=Preview", draft));
        Assert.Contains("Bot trả lời bằng mục này (nội dung đang soạn):", preview);
        Assert.Contains(NewAnswer, preview.Split("id=\"preview\"")[1]);
        draft["PreviewQuestion"] = "giá vàng hôm nay bao nhiêu";
        Assert.Contains("Bot coi đây là câu ngoài phạm vi", await HtmlAsync(await admin.PostFormAsync(Page, Page + "?handler=Preview", draft)));
        Assert.Equal(1, (await app.Services.GetRequiredService<FaqStore>().FindAsync(EntryId, default))!.Version);
        Assert.Contains(OldAnswerStart, (await app.SayAsync(Asked)).Texts());
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_rollback_brings_back_an_old_version_and_a_delete_needs_confirming_and_can_be_restored(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var admin = await ConsoleClient.SignInAsync(app, "quan", Roles.DistrictAdmin, null);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync(Page, Page + "?handler=Save", Form(Seeded(app), 1, NewAnswer))).StatusCode);

        var rolledBack = await admin.PostFormAsync(Page, Page + "?handler=Rollback", new() { ["toVersion"] = "1", ["Version"] = "2" });
        Assert.Equal(HttpStatusCode.Redirect, rolledBack.StatusCode);
        var store = app.Services.GetRequiredService<FaqStore>();
        var row = await store.FindAsync(EntryId, default);
        Assert.Equal((3, Seeded(app).Answer), (row!.Version, row.Answer));
        Assert.Contains(OldAnswerStart, (await app.SayAsync(Asked, conversation: "c1")).Texts());
        Assert.Equal(("rollback", "về bản 1"), ((await store.VersionsAsync(EntryId, default))[0].Action, (await store.VersionsAsync(EntryId, default))[0].Note));

        // Not confirmed: nothing deleted.
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync(Page, Page + "?handler=Delete", new() { ["Version"] = "3" })).StatusCode);
        Assert.False((await store.FindAsync(EntryId, default))!.Deleted);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync(Page, Page + "?handler=Delete", new() { ["Version"] = "3", ["confirm"] = "true" })).StatusCode);
        Assert.True((await store.FindAsync(EntryId, default))!.Deleted);
        Assert.DoesNotContain(OldAnswerStart, (await app.SayAsync(Asked, conversation: "c2")).Texts());
        Assert.Contains("xóa bởi quan", WebUtility.HtmlDecode(await admin.Http.GetStringAsync("/admin/faq")));

        var restored = await admin.PostFormAsync("/admin/faq", "/admin/faq?handler=Restore", new() { ["id"] = EntryId, ["version"] = "4" });
        Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);
        Assert.Equal((5, false), ((await store.FindAsync(EntryId, default))!.Version, (await store.FindAsync(EntryId, default))!.Deleted));
        Assert.Contains(OldAnswerStart, (await app.SayAsync(Asked, conversation: "c3")).Texts());
    }

    [Fact]
    public async Task An_import_with_errors_names_the_lines_and_applies_nothing_and_a_good_one_applies_after_confirming()
    {
        await using var app = await ChatbotApp.StartAsync();
        var admin = await ConsoleClient.SignInAsync(app, "quan", Roles.DistrictAdmin, null);
        const string import = "/admin/faq/import";
        var bad = """
            faq:
              - id: nen-tang-so
                question: "Nền tảng số là gì?"
                answer: "Trả lời mới."
                related: [3, 19]
              - id: Muc Moi
                question: ""
                answer: "Có trả lời."
              - id: nen-tang-so
                question: "Lặp mã"
                answer: "x"
            """;
        var errors = await HtmlAsync(await admin.PostFormAsync(import, import + "?handler=Check", new() { ["Yaml"] = bad }));
        Assert.Contains("Dòng 2: mục «nen-tang-so»: «Điểm liên quan»: 19 không phải số điểm từ 1 đến 17.", errors);
        Assert.Contains("Dòng 6: mục «Muc Moi»: «id» «Muc Moi» chỉ gồm chữ thường không dấu", errors);
        Assert.Contains("Dòng 6: mục «Muc Moi»: «Câu hỏi» không được để trống.", errors);
        Assert.Contains("Dòng 9: mục «nen-tang-so»: «id» trùng với mục ở dòng 2.", errors);
        Assert.Contains("Dòng 4: khoá không hợp lệ", await HtmlAsync(await admin.PostFormAsync(import, import + "?handler=Check",
            new() { ["Yaml"] = "faq:\n  - id: a\n    question: \"q\"\n    answr: \"typo\"\n" })));
        // Apply re-checks: a bad file posted straight to «Áp dụng» changes nothing either.
        await HtmlAsync(await admin.PostFormAsync(import, import + "?handler=Apply", new() { ["Yaml"] = bad, ["confirm"] = "true" }));
        var store = app.Services.GetRequiredService<FaqStore>();
        Assert.Equal(1, (await store.FindAsync(EntryId, default))!.Version);

        var good = $"""
            faq:
              - id: nen-tang-so
                question: "Nền tảng số là gì?"
                answer: "{NewAnswer}"
                related: [3, 10]
                keywords: ["nền tảng số"]
                questions: ["nền tảng số là gì"]
              - id: muc-moi
                question: "Mục mới từ tệp?"
                answer: "Trả lời của mục mới."
            """;
        var plan = await HtmlAsync(await admin.PostFormAsync(import, import + "?handler=Check", new() { ["Yaml"] = good }));
        Assert.Contains("Mục mới", plan);
        Assert.Contains("Câu trả lời; Từ khóa (bỏ 4); Câu hỏi mẫu (bỏ 4)", plan);
        Assert.Equal(1, (await store.FindAsync(EntryId, default))!.Version); // checking applies nothing
        // Not confirmed: nothing applied.
        Assert.Contains("Chưa áp dụng", await HtmlAsync(await admin.PostFormAsync(import, import + "?handler=Apply", new() { ["Yaml"] = good })));
        Assert.Null(await store.FindAsync("muc-moi", default));

        var applied = await admin.PostFormAsync(import, import + "?handler=Apply", new() { ["Yaml"] = good, ["confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        Assert.Equal((2, NewAnswer), ((await store.FindAsync(EntryId, default))!.Version, (await store.FindAsync(EntryId, default))!.Answer));
        Assert.NotNull(await store.FindAsync("muc-moi", default));
        Assert.Contains(NewAnswer, (await app.SayAsync(Asked)).Texts());
        Assert.Equal(app.Services.GetRequiredService<KnowledgeBase>().Faq.Count + 1, (await store.ListAsync(false, default)).Count);
    }

    [Fact]
    public async Task The_export_is_faq_yaml_that_imports_back_to_the_same_entries()
    {
        await using var app = await ChatbotApp.StartAsync();
        var admin = await ConsoleClient.SignInAsync(app, "quan", Roles.DistrictAdmin, null);
        var response = await admin.GetAsync("/admin/faq?handler=Export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("faq.yaml", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var yaml = await response.Content.ReadAsStringAsync();
        Assert.Contains("  - id: nen-tang-so\n    question: \"Nền tảng số là gì?\"", yaml);
        var (entries, errors) = FaqYaml.Import(yaml);
        Assert.Empty(errors);
        var content = app.Services.GetRequiredService<KnowledgeBase>().Faq;
        Assert.Equal(content.Count, entries.Count);
        Assert.All(content.Zip(entries), p => Assert.True(FaqJson.Same(p.First, p.Second), p.First.Id));
    }

    [Fact]
    public async Task Example_questions_added_to_a_difference_answer_at_once_and_stop_when_removed()
    {
        await using var app = await ChatbotApp.StartAsync();
        // Written for the review-queue tests: about difference 1's idea in words no example question uses.
        const string unknown = "xếp hàng cả buổi ở phường mới tới lượt thì phần mềm để làm gì";
        Assert.DoesNotContain("Điểm 1/17", (await app.SayAsync(unknown, conversation: "c1")).Texts());
        var admin = await ConsoleClient.SignInAsync(app, "quan", Roles.DistrictAdmin, null);
        const string page = "/admin/faq/differences";

        var invalid = await HtmlAsync(await admin.PostFormAsync(page, page + "?handler=Add", new() { ["Difference"] = "18", ["Kind"] = "question", ["Text"] = "" }));
        Assert.Contains("«Điểm» chọn một điểm từ 1 đến 17.", invalid);
        Assert.Contains("«Nội dung» không được để trống.", invalid);
        var official = app.Services.GetRequiredService<KnowledgeBase>().Find(1)!.Questions[0];
        Assert.Contains("điểm 1 đã có", await HtmlAsync(await admin.PostFormAsync(page, page + "?handler=Add",
            new() { ["Difference"] = "1", ["Kind"] = "question", ["Text"] = official })));

        var added = await admin.PostFormAsync(page, page + "?handler=Add", new() { ["Difference"] = "1", ["Kind"] = "question", ["Text"] = unknown });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Contains("Điểm 1/17", (await app.SayAsync(unknown, conversation: "c2")).Texts());
        var synonym = await admin.PostFormAsync(page, page + "?handler=Add", new() { ["Difference"] = "2", ["Kind"] = "synonym", ["Text"] = "đồng vốn bỏ ra" });
        Assert.Equal(HttpStatusCode.Redirect, synonym.StatusCode);
        var store = app.Services.GetRequiredService<FaqStore>();
        var additions = await store.AdditionsAsync(default);
        Assert.Equal([(1, "question"), (2, "synonym")], additions.Select(a => (a.Difference, a.Kind)));
        Assert.Contains("Câu hỏi mẫu: «" + unknown + "»", WebUtility.HtmlDecode(await admin.Http.GetStringAsync(page)));

        var removed = await admin.PostFormAsync(page, page + "?handler=Remove", new() { ["id"] = additions[0].Id.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.DoesNotContain("Điểm 1/17", (await app.SayAsync(unknown, conversation: "c3")).Texts());
        var audit = await app.Services.GetRequiredService<AuditLog>().ListAsync(null, 10, default);
        Assert.Contains(audit, a => a.Action == "difference.add" && a.Detail!.Contains("Điểm 2: Từ đồng nghĩa «đồng vốn bỏ ra»"));
        Assert.Contains(audit, a => a.Action == "difference.remove" && a.Actor == "quan");
    }

    [Fact]
    public async Task The_review_queue_offers_entries_added_in_the_console_and_not_deleted_ones()
    {
        await using var app = await ChatbotApp.StartAsync();
        var editor = app.Services.GetRequiredService<FaqEditor>();
        var added = await editor.CreateAsync(new FaqInput("Chữ ký số là gì?", "Chữ ký số thay chữ ký tay trên văn bản điện tử.", [5], [], []), null, "quan", default);
        Assert.Equal(FaqOutcome.Saved, added.Outcome);
        Assert.Equal(FaqOutcome.Saved, (await editor.DeleteAsync(EntryId, 1, "quan", default)).Outcome);
        var staff = await ConsoleClient.SignInAsync(app, "bt-sai-gon", Roles.WardEditor, "sai-gon");
        await app.Services.GetRequiredService<UnansweredQuestions>().RecordAsync(new QuestionAsk("ký số là sao", "webchat", "c1", "sai-gon"), default);
        var page = WebUtility.HtmlDecode(await staff.Http.GetStringAsync("/admin/questions"));
        Assert.Contains($"<option value=\"faq:{added.Row!.Id}\">Hỏi đáp: Chữ ký số là gì?</option>", page);
        Assert.DoesNotContain($"faq:{EntryId}", page);
    }

    [Fact]
    public async Task An_answer_an_officer_proposed_from_the_inbox_becomes_an_entry_and_the_proposal_is_adopted()
    {
        await using var kit = await ChannelKit.StartAsync();
        var thread = await kit.HandOffAsync(t => kit.MessengerSaysAsync("psid-faq", t), "psid-faq", 0);
        await kit.MessengerSaysAsync("psid-faq", "Phường có wifi miễn phí ở đâu?");
        await kit.HandledAsync(3);
        var officer = await ConsoleClient.SignInAsync(kit.App, "can-bo-sg", Roles.WardEditor, "sai-gon");
        using (await officer.ReplyAsync(thread.Id, "Wifi miễn phí có ở nhà văn hóa phường.")) { }
        var answer = (await kit.MessagesAsync(thread.Id)).Single(m => m.Author == Chatbot.Web.Desk.Authors.Staff);
        using (var proposed = await officer.PostFormAsync($"/admin/inbox/{thread.Id}", $"/admin/inbox/{thread.Id}?handler=Faq",
                   new() { ["message"] = answer.Id.ToString(), ["question"] = "Wifi miễn phí của phường ở đâu?" }))
            Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        var store = kit.App.Services.GetRequiredService<FaqStore>();
        var proposal = Assert.Single(await store.ProposalsAsync(default));

        var admin = await ConsoleClient.SignInAsync(kit.App, "quan", Roles.DistrictAdmin, null);
        Assert.Contains("Tạo mục từ đề xuất", WebUtility.HtmlDecode(await admin.Http.GetStringAsync("/admin/faq")));
        var form = $"/admin/faq/edit?proposal={proposal.Id}";
        var prefilled = WebUtility.HtmlDecode(await admin.Http.GetStringAsync(form));
        Assert.Contains("value=\"Wifi miễn phí của phường ở đâu?\"", prefilled);
        Assert.Contains("Wifi miễn phí có ở nhà văn hóa phường.</textarea>", prefilled);

        var saved = await admin.PostFormAsync(form, "/admin/faq/edit?handler=Save", new()
        {
            ["Proposal"] = proposal.Id.ToString(), ["Question"] = "Wifi miễn phí của phường ở đâu?",
            ["Answer"] = "Wifi miễn phí có ở nhà văn hóa phường.", ["Questions"] = "phường có wifi miễn phí không",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/admin/faq/edit/wifi-mien-phi-cua-phuong-o-dau", saved.Headers.Location?.OriginalString);
        Assert.Empty(await store.ProposalsAsync(default));
        Assert.Contains(await kit.App.Services.GetRequiredService<AuditLog>().ListAsync(null, 20, default),
            a => a.Action == "faq.proposal.adopt" && a.Detail == "→ faq:wifi-mien-phi-cua-phuong-o-dau");
        Assert.NotNull(await store.FindAsync("wifi-mien-phi-cua-phuong-o-dau", default));
    }

    [Fact]
    public async Task Ward_staff_cannot_open_the_faq_editor()
    {
        await using var app = await ChatbotApp.StartAsync();
        var editor = await ConsoleClient.SignInAsync(app, "bt-sai-gon", Roles.WardEditor, "sai-gon");
        foreach (var page in new[] { "/admin/faq", Page, "/admin/faq/import", "/admin/faq/differences", "/admin/faq?handler=Export" })
            Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync(page)).StatusCode);
        Assert.DoesNotContain("href=\"/admin/faq\"", await editor.Http.GetStringAsync("/admin"));
        var admin = await ConsoleClient.SignInAsync(app, "quan", Roles.DistrictAdmin, null);
        Assert.Contains("href=\"/admin/faq\"", await admin.Http.GetStringAsync("/admin"));
    }
}
