using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Knowledge;
using Chatbot.Web.Staff;
using Chatbot.Web.Storage;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Knowledge;

/// <summary>
/// /api/faq (issue 16) over real HTTP on a real database: the FAQ comes from the database (seeded once from faq.yaml),
/// an edit answers the next citizen at once, a stale save is a 409 and overwrites nothing, bad input is field errors.
/// </summary>
public sealed class FaqEditorApiTests
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Asked in these words, the bot answers with the entry «Nền tảng số là gì?» (its own example question).</summary>
    public const string Asked = "nền tảng số là gì";
    public const string EntryId = "nen-tang-so";
    public const string OldAnswerStart = "Theo tài liệu, nền tảng số là một phần cứng";
    public const string NewAnswer = "Nền tảng số là môi trường làm việc chung trên mạng mà nhiều người, nhiều nơi cùng dùng (bản sửa trong kiểm thử).";

    static object Body(FaqView entry, int? version, string answer) => new
    {
        version, question = entry.Question, answer, related = entry.Related, keywords = entry.Keywords, questions = entry.Questions,
    };

    static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, Json)!;
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_edit_answers_the_next_citizen_at_once_and_a_stale_save_is_refused_with_who_saved_and_when(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        Assert.Contains(OldAnswerStart, (await app.SayAsync(Asked, conversation: "before")).Texts());

        var first = await app.StaffApiAsync("quan-mot", Roles.DistrictAdmin, null);
        var second = await app.StaffApiAsync("quan-hai", Roles.DistrictAdmin, null);
        var list = (await first.GetFromJsonAsync<List<FaqView>>("/api/faq", Json))!;
        var content = app.Services.GetRequiredService<KnowledgeBase>();
        Assert.Equal(content.Faq.Select(f => f.Id), list.Select(e => e.Id));
        Assert.All(list, e => Assert.Equal((1, FaqStore.SeedActor), (e.Version, e.UpdatedBy)));
        var entry = list.Single(e => e.Id == EntryId);

        var saved = await ReadAsync<FaqView>(await first.PutAsJsonAsync($"/api/faq/{EntryId}", Body(entry, 1, NewAnswer)), HttpStatusCode.OK);
        Assert.Equal((2, NewAnswer, "quan-mot"), (saved.Version, saved.Answer, saved.UpdatedBy));
        Assert.Equal(TimeSpan.FromHours(7), saved.UpdatedAt.Offset);

        // The next citizen gets the new text, without a restart.
        var now = (await app.SayAsync(Asked, conversation: "after")).Texts();
        Assert.Contains(NewAnswer, now);
        Assert.DoesNotContain(OldAnswerStart, now);

        // The second admin still edits version 1: refused, told who saved and when (08:00 in Ho Chi Minh City), nothing overwritten.
        var stale = await second.PutAsJsonAsync($"/api/faq/{EntryId}", Body(entry, 1, "Bản của người thứ hai"));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        var problem = await stale.Content.ReadAsStringAsync();
        Assert.Contains("Mục này vừa được quan-mot sửa lúc 26/11/2026 08:00", problem);
        Assert.Contains("\"currentVersion\":2", problem);
        var detail = await first.GetFromJsonAsync<FaqDetail>($"/api/faq/{EntryId}", Json);
        Assert.Equal((2, NewAnswer), (detail!.Entry.Version, detail.Entry.Answer));
        Assert.Equal([2, 1], detail.Versions.Select(v => v.Version));
        Assert.Equal([FaqActions.Edit, FaqActions.Seed], detail.Versions.Select(v => v.Action));
        Assert.Contains(NewAnswer, (await app.SayAsync(Asked, conversation: "later")).Texts());

        var audit = await app.Services.GetRequiredService<AuditLog>().ListAsync(null, 10, default);
        Assert.Contains(audit, a => a.Action == "faq.edit" && a.Actor == "quan-mot" && a.Target == $"faq:{EntryId}" && a.Detail!.Contains("bản 2: Câu trả lời"));
        Assert.DoesNotContain(audit, a => a.Actor == "quan-hai");
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_entries_get_vietnamese_field_errors_and_nothing_is_saved(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var admin = await app.StaffApiAsync("quan", Roles.DistrictAdmin, null);
        async Task<string> ErrorsAsync(HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return await response.Content.ReadAsStringAsync();
        }
        var empty = await ErrorsAsync(await admin.PostAsJsonAsync("/api/faq", new { question = "  ", answer = "" }));
        Assert.Contains("«Câu hỏi» không được để trống", empty);
        Assert.Contains("«Câu trả lời» không được để trống", empty);
        var bad = await ErrorsAsync(await admin.PostAsJsonAsync("/api/faq", new
        {
            id = "Mã Có Dấu", question = "Hỏi gì đó?", answer = "Trả lời.", related = new[] { 3, 18, 3 },
            keywords = new[] { "a", "" }, questions = new[] { "Câu một?", "câu mot" },
        }));
        Assert.Contains("«Mã mục» «Mã Có Dấu» chỉ gồm chữ thường không dấu", bad);
        Assert.Contains("«Điểm liên quan»: 18 không phải số điểm từ 1 đến 17", bad);
        Assert.Contains("«Điểm liên quan»: điểm 3 ghi hai lần", bad);
        Assert.Contains("«Từ khóa» dòng 2 để trống", bad);
        Assert.Contains("«Câu hỏi mẫu» dòng 2 «câu mot» bị lặp lại", bad);
        Assert.Contains("\"related\"", bad); // keyed by the field's JSON name
        var tooLong = await ErrorsAsync(await admin.PutAsJsonAsync($"/api/faq/{EntryId}", new { version = 1, question = "Hỏi?", answer = new string('a', FaqInput.MaxAnswer + 1) }));
        Assert.Contains($"«Câu trả lời» dài tối đa {FaqInput.MaxAnswer} ký tự", tooLong);
        Assert.Contains("version là số bản bạn đang sửa", await ErrorsAsync(await admin.PutAsJsonAsync($"/api/faq/{EntryId}", new { question = "Hỏi?", answer = "Đáp." })));

        var list = await admin.GetFromJsonAsync<List<FaqView>>("/api/faq", Json);
        Assert.Equal(app.Services.GetRequiredService<KnowledgeBase>().Faq.Count, list!.Count);
        Assert.All(list, e => Assert.Equal(1, e.Version));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/faq/khong-co-muc-nay")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/faq/khong-co-muc-nay", new { version = 1, question = "Hỏi?", answer = "Đáp." })).StatusCode);
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_new_entry_answers_its_question_and_a_deleted_one_no_longer_does(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var admin = await app.StaffApiAsync("quan", Roles.DistrictAdmin, null);
        const string question = "Chữ ký số là gì và dùng để làm gì?";
        const string answer = "Chữ ký số thay cho chữ ký tay và con dấu trên văn bản điện tử (mục thêm trong kiểm thử).";
        var created = await ReadAsync<FaqView>(await admin.PostAsJsonAsync("/api/faq", new
        {
            question, answer, related = new[] { 5 }, keywords = new[] { "chữ ký số" },
            questions = new[] { "chữ ký số là gì", "ký số trên văn bản điện tử là sao" },
        }), HttpStatusCode.Created);
        Assert.Equal(("chu-ky-so-la-gi-va-dung-de", 1), (created.Id, created.Version));
        Assert.Contains(answer, (await app.SayAsync("chữ ký số là gì vậy", conversation: "c1")).Texts());

        // The same id again is a conflict, not a second entry.
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/faq", new { id = created.Id, question, answer })).StatusCode);

        // Deleting with a stale version is refused; with the current one the bot stops using the entry.
        Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync($"/api/faq/{created.Id}?version=7")).StatusCode);
        var deleted = await ReadAsync<FaqView>(await admin.DeleteAsync($"/api/faq/{created.Id}?version=1"), HttpStatusCode.OK);
        Assert.Equal(2, deleted.Version);
        Assert.DoesNotContain(answer, (await app.SayAsync("chữ ký số là gì vậy", conversation: "c2")).Texts());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/faq/{created.Id}")).StatusCode);
        Assert.DoesNotContain(await admin.GetFromJsonAsync<List<FaqView>>("/api/faq", Json) ?? [], e => e.Id == created.Id);
        Assert.Contains(await app.Services.GetRequiredService<AuditLog>().ListAsync(null, 10, default),
            a => a.Action == "faq.delete" && a.Target == $"faq:{created.Id}");
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_saves_of_the_same_version_at_the_same_moment_make_one_version_and_one_409(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var first = await app.StaffApiAsync("quan-mot", Roles.DistrictAdmin, null);
        var second = await app.StaffApiAsync("quan-hai", Roles.DistrictAdmin, null);
        var entry = (await first.GetFromJsonAsync<FaqDetail>($"/api/faq/{EntryId}", Json))!.Entry;
        var responses = await Task.WhenAll(
            first.PutAsJsonAsync($"/api/faq/{EntryId}", Body(entry, 1, "Bản của người thứ nhất.")),
            second.PutAsJsonAsync($"/api/faq/{EntryId}", Body(entry, 1, "Bản của người thứ hai.")));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        var winner = await ReadAsync<FaqView>(responses.Single(r => r.IsSuccessStatusCode), HttpStatusCode.OK);
        var detail = (await first.GetFromJsonAsync<FaqDetail>($"/api/faq/{EntryId}", Json))!;
        Assert.Equal((2, winner.Answer), (detail.Entry.Version, detail.Entry.Answer));
        Assert.Equal(2, detail.Versions.Count);
    }

    [Fact]
    public async Task Only_a_district_admin_may_use_the_faq_api()
    {
        await using var app = await ChatbotApp.StartAsync();
        var editor = await app.StaffApiAsync("bt-sai-gon", Roles.WardEditor, "sai-gon");
        var approver = await app.StaffApiAsync("ld-sai-gon", Roles.WardApprover, "sai-gon");
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync("/api/faq")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await approver.PutAsJsonAsync($"/api/faq/{EntryId}", new { version = 1, question = "x", answer = "y" })).StatusCode);
        var anonymous = await app.CreateClient().GetAsync("/api/faq");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, (await app.Services.GetRequiredService<FaqStore>().FindAsync(EntryId, default))!.Version);
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_faq_is_seeded_once_and_after_a_restart_the_database_wins(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var admin = await app.StaffApiAsync("quan", Roles.DistrictAdmin, null);
        var entry = (await admin.GetFromJsonAsync<FaqDetail>($"/api/faq/{EntryId}", Json))!.Entry;
        await ReadAsync<FaqView>(await admin.PutAsJsonAsync($"/api/faq/{EntryId}", Body(entry, 1, NewAnswer)), HttpStatusCode.OK);

        await using var restarted = ChatbotApp.OnSameDatabase(app);
        Assert.Contains(NewAnswer, (await restarted.SayAsync(Asked, conversation: "after-restart")).Texts());
        await using var conn = await restarted.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        Assert.Equal(app.Services.GetRequiredService<KnowledgeBase>().Faq.Count,
            await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM faq_versions WHERE action = 'seed'"));
    }
}
