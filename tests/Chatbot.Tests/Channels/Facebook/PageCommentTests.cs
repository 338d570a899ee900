using System.Net;
using System.Text;
using System.Text.Json;
using Chatbot.Simulator;
using Chatbot.Tests.Broadcasting;
using Chatbot.Tests.Infrastructure;
using Chatbot.Tests.Staff;
using Chatbot.Web.Channels.Facebook;
using Chatbot.Web.Staff;
using Chatbot.Web.Storage;

namespace Chatbot.Tests.Channels.Facebook;

/// <summary>Issue 15 proof 1: a comment on a ward post gets one private reply (platforms.md §6).</summary>
[Collection(HangfireCollection.Name)]
public sealed class PageCommentTests
{
    static Task<BroadcastKit> StartAsync(StorageProvider? provider = null) =>
        BroadcastKit.StartAsync(provider, ["sai-gon-facebook"], app => app
            .With("Facebook:AppSecret", ChannelKit.AppSecret).With("Outbound:BaseDelay", "00:00:00.010")
            .With("Inbox:PollInterval", "00:00:00.100").With("Inbox:RetryDelay", "00:00:00"));

    /// <summary>A Sài Gòn post published on its Page: (post id, the Page's id of it).</summary>
    static async Task<(long Id, string PagePostId)> PublishedAsync(BroadcastKit kit)
    {
        var post = await kit.ScheduledPostAsync(new { text = "Ngày hội chuyển đổi số phường", wards = new[] { "sai-gon" }, platforms = new[] { "facebook" },
            at = "2026-11-26T09:00:00+07:00" });
        await kit.RunJobsUntilSettledAsync();
        var delivery = Assert.Single(await kit.DeliveriesAsync(), d => d.PostId == post.Id);
        return (post.Id, delivery.PlatformPostId!);
    }

    static string Comment(string postId, string commentId, string text, DateTimeOffset at, string from = "user-asid-1") => JsonSerializer.Serialize(new
    {
        @object = "page",
        entry = new[]
        {
            new
            {
                id = ChannelKit.PageId, time = at.ToUnixTimeMilliseconds(),
                changes = new[]
                {
                    new
                    {
                        field = "feed",
                        value = new
                        {
                            from = new { id = from, name = "Người dân" }, post_id = postId, comment_id = commentId, parent_id = postId,
                            message = text, created_time = at.ToUnixTimeSeconds(), item = "comment", verb = "add",
                        },
                    },
                },
            },
        },
    });

    static async Task PostAsync(BroadcastKit kit, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        content.Headers.Add(FacebookSignature.Header, "sha256=" + FacebookSignature.Compute(ChannelKit.AppSecret, Encoding.UTF8.GetBytes(body)));
        using var response = await kit.App.CreateClient().PostAsync("/webhooks/facebook", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    static async Task SettledAsync(BroadcastKit kit)
    {
        async Task<List<(string State, string? Error, long Attempts)>> RowsAsync()
        {
            await using var conn = await kit.Get<IDbConnectionFactory>().OpenAsync();
            return (await Dapper.SqlMapper.QueryAsync<(string, string?, long)>(conn, "SELECT state, last_error, attempts FROM inbox_events")).ToList();
        }
        try
        {
            await Eventually.TrueAsync(async () => (await RowsAsync()).All(r => r.State == "done"), "every comment handled");
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("comments not handled: " + string.Join("; ", await RowsAsync()));
        }
    }

    static List<SentMessage> PrivateReplies(BroadcastKit kit) =>
        kit.Simulator.Messaging().Sent.Where(m => m.Recipient.StartsWith("comment:", StringComparison.Ordinal)).ToList();

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_quiz_word_gets_one_private_reply_with_a_button_that_starts_the_quiz_with_the_wards_team_code(StorageProvider provider)
    {
        await using var kit = await StartAsync(provider);
        var (_, pagePostId) = await PublishedAsync(kit);
        var body = Comment(pagePostId, pagePostId + "_c1", "Cho mình THI với ạ", kit.App.Clock.GetUtcNow());
        await PostAsync(kit, body);
        await PostAsync(kit, body); // Meta resends
        await SettledAsync(kit);

        var reply = Assert.Single(PrivateReplies(kit));
        Assert.Equal(pagePostId + "_c1", reply.Body["recipient"]!["comment_id"]!.GetValue<string>());
        var button = reply.Body["message"]!["attachment"]!["payload"]!["buttons"]![0]!;
        Assert.Equal("QUIZ SG01A1", button["payload"]!.GetValue<string>());
        Assert.Equal("Làm bài trắc nghiệm", button["title"]!.GetValue<string>());

        // Handled again (a worker killed before marking it done): the reply is not sent a second time.
        await using (var conn = await kit.Get<IDbConnectionFactory>().OpenAsync())
            await Dapper.SqlMapper.ExecuteAsync(conn, "UPDATE inbox_events SET state = 'pending', locked_until = NULL");
        kit.Get<Chatbot.Web.Channels.Inbox.InboxSignal>().Notify();
        await SettledAsync(kit);
        Assert.Single(kit.Simulator.Requests, r => r.Path.EndsWith("/messages") && r.Body.Contains("comment_id"));
    }

    [Fact]
    public async Task A_question_gets_a_short_answer_other_comments_nothing_and_staff_see_the_counts_on_the_post()
    {
        await using var kit = await StartAsync();
        var (postId, pagePostId) = await PublishedAsync(kit);
        var now = kit.App.Clock.GetUtcNow();
        kit.Simulator.Faults.Enqueue(new Fault("/messages", 503)); // the first send fails and is retried
        await PostAsync(kit, Comment(pagePostId, "c-question", "Chuyển đổi số phục vụ nhà quản lý hay phục vụ người dân?", now));
        await PostAsync(kit, Comment(pagePostId, "c-praise", "Hay quá, cảm ơn phường", now, from: "user-asid-2"));
        await PostAsync(kit, Comment(pagePostId, "c-old", "Cho em thi với", now.AddDays(-8), from: "user-asid-3"));
        await PostAsync(kit, Comment("999_888", "c-elsewhere", "trắc nghiệm ở đâu?", now, from: "user-asid-4"));
        await PostAsync(kit, Comment(pagePostId, "c-page", "Mời bà con tham gia thi", now, from: ChannelKit.PageId));
        await SettledAsync(kit);

        var answer = Assert.Single(PrivateReplies(kit));
        Assert.Equal("c-question", answer.Body["recipient"]!["comment_id"]!.GetValue<string>());
        var text = answer.Body["message"]!["text"]!.GetValue<string>();
        Assert.StartsWith("Cảm ơn bạn đã hỏi", text);
        Assert.True(text.Length > 60 && text.Length <= 2000, text);

        await kit.Get<StaffStore>().CreateUserAsync("bt-sg", Roles.WardEditor, "sai-gon", ConsoleClient.Password, default);
        var editor = await ConsoleClient.SignInAsync(kit.App, "bt-sg", Roles.WardEditor, "sai-gon");
        var page = WebUtility.HtmlDecode(await editor.Http.GetStringAsync($"/admin/posts/{postId}"));
        Assert.Contains("Phường Sài Gòn: 2 bình luận — trả lời riêng 1 (câu trả lời 1), không cần trả lời 1", page);
    }

    [Fact]
    public void Comment_events_are_new_comments_only()
    {
        var now = DateTimeOffset.UtcNow;
        using var doc = JsonDocument.Parse("""
            [{"field":"feed","value":{"item":"comment","verb":"edited","comment_id":"1_2","post_id":"1","from":{"id":"u"},"message":"thi"}},
             {"field":"feed","value":{"item":"reaction","verb":"add","post_id":"1","from":{"id":"u"}}},
             {"field":"feed","value":{"item":"comment","verb":"add","post_id":"1","from":{"id":"u"},"message":"thi"}},
             {"field":"feed","value":{"item":"comment","verb":"add","comment_id":"1_3","post_id":"1","from":{"id":"u"},"message":"thi","created_time":CREATED}}]
            """.Replace("CREATED", now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var events = FacebookComments.Parse(ChannelKit.PageId, doc.RootElement, now).ToList();
        Assert.Equal(["invalid", FacebookComments.Kind], events.Select(e => e.Kind));
        Assert.Equal("facebook:comment:1_3", events[1].DedupeKey);
        Assert.Equal(now.ToUnixTimeSeconds(), events[1].EventAt.ToUnixTimeSeconds());
    }
}
