using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Knowledge;
using Chatbot.Web.Storage;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Knowledge;

/// <summary>Migration 0741: a database seeded before the FAQ on community tech teams was followed by the ward's contact
/// details loses the seed's «no list» sentence — only where nobody edited the entry — as a new, visible version.</summary>
public sealed class FaqSeedUpgradeTests
{
    const string Id = "to-cong-nghe-so-cong-dong";
    const string Dropped = " Trợ lý này không có danh sách hay số điện thoại của các tổ.";
    const string OldSeed = "Tổ công nghệ số cộng đồng là những người ở từng khu phố, đến từng nhà hướng dẫn bà con cài đặt và sử dụng các nền tảng số (xem điểm 10)."
        + Dropped + " Để biết tổ ở khu phố của mình, bạn hỏi bộ phận một cửa của UBND phường, hoặc chọn «Góp ý, gặp cán bộ» để nhắn cho cán bộ phường ngay tại đây.";

    [Fact]
    public async Task An_unedited_seed_loses_the_no_list_sentence_as_a_new_version_and_an_edited_entry_is_left_alone()
    {
        await using var app = await ChatbotApp.StartAsync();
        var store = app.Services.GetRequiredService<FaqStore>();
        await store.EnsureSeededAsync(default);
        Assert.Equal(OldSeed.Replace(Dropped, "", StringComparison.Ordinal), (await store.FindAsync(Id, default))!.Answer); // a fresh database has the new text

        // As a database seeded from the old faq.yaml, before 0741.
        await ExecuteAsync(app, "UPDATE faq_entries SET answer = @old WHERE id = @id; UPDATE faq_versions SET answer = @old WHERE faq_id = @id; "
            + "UPDATE knowledge_revision SET revision = revision + 1 WHERE id = 1",
            new { old = OldSeed, id = Id });
        Assert.Contains("không có danh sách", Texts(await app.SayAsync("làm sao gặp tổ công nghệ số ở phường tôi", conversation: "before")));
        await RerunAsync(app);

        var row = (await store.FindAsync(Id, default))!;
        Assert.DoesNotContain("không có danh sách", row.Answer);
        Assert.StartsWith("Tổ công nghệ số cộng đồng là những người", row.Answer);
        Assert.Equal((2, "hệ thống"), (row.Version, row.UpdatedBy));
        var latest = (await store.VersionsAsync(Id, default)).MaxBy(v => v.Version)!;
        Assert.Equal((2, FaqActions.Edit, row.Answer), (latest.Version, latest.Action, latest.Answer));
        Assert.Contains("Bỏ câu «Trợ lý này không có danh sách", latest.Note);
        Assert.DoesNotContain("không có danh sách", Texts(await app.SayAsync("làm sao gặp tổ công nghệ số ở phường tôi", conversation: "after")));

        // An entry staff edited keeps their text, even if the sentence is still in it.
        var edited = OldSeed + " Cán bộ phường đã sửa câu này.";
        await ExecuteAsync(app, "UPDATE faq_entries SET answer = @edited WHERE id = @id", new { edited, id = Id });
        await RerunAsync(app);
        Assert.Equal((edited, 2), ((await store.FindAsync(Id, default))!.Answer, (await store.FindAsync(Id, default))!.Version));
    }

    static string Texts(IReadOnlyList<Microsoft.Bot.Schema.Activity> replies) => string.Join("\n", replies.Select(r => r.Text));

    static async Task ExecuteAsync(ChatbotApp app, string sql, object args)
    {
        await using var conn = await app.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        await conn.ExecuteAsync(sql, args);
    }

    /// <summary>Forgets that 0741 ran and lets the migrator apply it again, as on the first start of this version.</summary>
    static async Task RerunAsync(ChatbotApp app)
    {
        await ExecuteAsync(app, "DELETE FROM schema_migrations WHERE number = 741", new { });
        await app.Services.GetRequiredService<Migrator>().MigrateAsync(default);
    }
}
