using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Broadcasting;
using Chatbot.Web.Quiz;
using Chatbot.Web.Staff;
using Chatbot.Web.Storage;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Staff;

/// <summary>What a ward officer meets in the console (issue 17), through real HTTP on real storage: errors as console
/// pages, names instead of ids, undo (withdraw an approval, restore a cancelled draft), the repeat picker, lists that
/// show all the work, the users form, the calendar's reschedule, failed deliveries, and insight figures that agree.</summary>
[Collection(Chatbot.Tests.Broadcasting.HangfireCollection.Name)]
public sealed partial class ConsoleUxTests
{
    // The fake clock starts at Thursday 2026-11-26 08:00 in Vietnam.
    static T Get<T>(ChatbotApp app) where T : notnull => app.Services.GetRequiredService<T>();

    static async Task<string> HtmlAsync(ConsoleClient client, string url) => WebUtility.HtmlDecode(await client.Http.GetStringAsync(url));

    static long IdFrom(HttpResponseMessage response) =>
        long.Parse(response.Headers.Location!.OriginalString["/admin/posts/".Length..], CultureInfo.InvariantCulture);

    static async Task<long> ComposeAsync(ConsoleClient editor, string text, bool submit = true, string at = "2026-11-27T08:00")
    {
        var response = await editor.PostFormAsync("/admin/posts/new", "/admin/posts/new",
        [
            new("Text", text), new("Wards", "sai-gon"), new("Platforms", "facebook"), new("Platforms", "zalo"),
            new("Mode", "once"), new("At", at), new("submit", submit ? "true" : "false"),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return IdFrom(response);
    }

    static Task<HttpResponseMessage> ActAsync(ConsoleClient who, long id, string handler, Dictionary<string, string>? fields = null) =>
        who.PostFormAsync("/admin", $"/admin/posts/{id}?handler={handler}", fields ?? []);

    [Fact]
    public async Task Errors_inside_the_console_are_Vietnamese_pages_in_its_layout_with_a_way_back_and_keep_their_status()
    {
        await using var app = await ChatbotApp.StartAsync();
        var editor = await ConsoleClient.SignInAsync(app, "bt-sai-gon", Roles.WardEditor, "sai-gon");
        var other = await ConsoleClient.SignInAsync(app, "bt-tan-dinh", Roles.WardEditor, "tan-dinh");
        var id = await ComposeAsync(editor, "Lịch tiếp công dân");

        var notFound = await other.GetAsync($"/admin/posts/{id}");
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("text/html", notFound.Content.Headers.ContentType?.MediaType);
        var page = WebUtility.HtmlDecode(await notFound.Content.ReadAsStringAsync());
        Assert.Contains("<h1 id=\"error-heading\">Không tìm thấy</h1>", page);
        Assert.Contains("thuộc phường khác", page);
        Assert.Contains("href=\"/admin\">Về trang Tổng quan</a>", page);
        Assert.Contains("Đăng xuất", page); // the console's own menu, signed in
        Assert.DoesNotContain("Lịch tiếp công dân", page);

        // An action on another ward's post (a POST) gets the same page, not a JSON document.
        var action = await ActAsync(other, id, "Cancel");
        Assert.Equal(HttpStatusCode.NotFound, action.StatusCode);
        Assert.Contains("Không tìm thấy", WebUtility.HtmlDecode(await action.Content.ReadAsStringAsync()));

        var forbidden = await editor.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("Bạn không có quyền mở trang này", WebUtility.HtmlDecode(await forbidden.Content.ReadAsStringAsync()));

        var unknown = await editor.GetAsync("/admin/khong-co-trang-nay");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("Về trang Tổng quan", WebUtility.HtmlDecode(await unknown.Content.ReadAsStringAsync()));

        var crashed = await editor.GetAsync("/admin/error/500");
        Assert.Equal(HttpStatusCode.InternalServerError, crashed.StatusCode);
        Assert.Contains("Đã có lỗi phía máy chủ", WebUtility.HtmlDecode(await crashed.Content.ReadAsStringAsync()));

        // The API keeps its ProblemDetails.
        var api = await app.CreateClient().GetAsync("/api/nothing-here");
        Assert.NotEqual("text/html", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Pages_name_wards_platforms_channels_and_states_instead_of_ids()
    {
        await using var app = await ChatbotApp.StartAsync();
        var editor = await ConsoleClient.SignInAsync(app, "bt-sai-gon", Roles.WardEditor, "sai-gon");
        var approver = await ConsoleClient.SignInAsync(app, "ld-sai-gon", Roles.WardApprover, "sai-gon");
        var id = await ComposeAsync(editor, "Thông báo lịch tiêm chủng");
        Assert.Equal(HttpStatusCode.Redirect, (await ActAsync(approver, id, "Approve")).StatusCode);

        var detail = await HtmlAsync(approver, $"/admin/posts/{id}");
        Assert.Contains("<dd>Phường Sài Gòn</dd>", detail);
        Assert.Contains("<dd>Trang Facebook, Zalo OA</dd>", detail);
        Assert.Contains("Trang Facebook Phường Sài Gòn", detail);
        Assert.Contains("Zalo OA UBND Phường Sài Gòn", detail);
        Assert.DoesNotContain(">sai-gon-facebook<", detail);
        Assert.DoesNotContain("(sandbox)", detail);

        // A refused change names the state as the page does.
        await ActAsync(approver, id, "Approve");
        var refused = await HtmlAsync(approver, $"/admin/posts/{id}");
        Assert.Contains("bài đang ở trạng thái «Đã lên lịch»", refused);
        Assert.DoesNotContain("«scheduled»", refused);

        var overview = await HtmlAsync(editor, "/admin");
        Assert.Contains("Biên tập viên phường · Phường Sài Gòn", overview);
        var list = await HtmlAsync(editor, "/admin/posts");
        Assert.Contains("<td>Phường Sài Gòn</td>", list);
        var sandbox = await HtmlAsync(editor, "/admin/sandbox");
        Assert.Contains("<h1>Bài chưa đăng thật</h1>", sandbox);
        Assert.DoesNotContain("Sandbox", sandbox);
        var channels = await HtmlAsync(editor, "/admin/channels");
        Assert.Contains("Trang Facebook Phường Sài Gòn", channels);
        Assert.DoesNotContain("Sandbox", channels);
        var audit = await HtmlAsync(approver, "/admin/audit");
        Assert.Contains("<td>Duyệt bài</td>", audit);
        Assert.Contains($">Bài #{id}</a>", audit);
    }

    [Fact]
    public async Task An_approver_withdraws_an_approval_before_publication_and_a_cancelled_draft_is_restored_both_audited()
    {
        await using var app = await ChatbotApp.StartAsync();
        var editor = await ConsoleClient.SignInAsync(app, "bt-sai-gon", Roles.WardEditor, "sai-gon");
        var approver = await ConsoleClient.SignInAsync(app, "ld-sai-gon", Roles.WardApprover, "sai-gon");
        var posts = Get<PostStore>(app);
        var deliveries = Get<DeliveryStore>(app);

        var id = await ComposeAsync(editor, "Họp tổ dân phố");
        await ActAsync(approver, id, "Approve");
        Assert.Equal(PostStates.Scheduled, (await posts.FindAsync(id, default))!.State);
        Assert.NotEmpty(await deliveries.ForPostAsync(id, default));
        Assert.Contains("Rút lại việc duyệt…", await HtmlAsync(approver, $"/admin/posts/{id}"));
        Assert.DoesNotContain("Rút lại việc duyệt…", await HtmlAsync(editor, $"/admin/posts/{id}"));
        Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(editor, id, "Withdraw")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await ActAsync(approver, id, "Withdraw")).StatusCode);
        var withdrawn = (await posts.FindAsync(id, default))!;
        Assert.Equal((PostStates.AwaitingApproval, (long?)null), (withdrawn.State, withdrawn.ApprovedBy));
        Assert.Empty(await deliveries.ForPostAsync(id, default)); // nothing left to publish at its time
        Assert.Contains("Đã rút lại việc duyệt", await HtmlAsync(approver, $"/admin/posts/{id}"));
        // Approved again, it is scheduled again with fresh deliveries.
        await ActAsync(approver, id, "Approve");
        Assert.Equal(PostStates.Scheduled, (await posts.FindAsync(id, default))!.State);
        Assert.All(await deliveries.ForPostAsync(id, default), d => Assert.Equal(PostStates.Scheduled, d.State));

        // Once a delivery has started, the approval stands.
        var first = (await deliveries.ForPostAsync(id, default))[0];
        await deliveries.SetStateAsync(first.Id, PostStates.Scheduled, PostStates.Failed, default, error: "hết hạn mã");
        await ActAsync(approver, id, "Withdraw");
        Assert.Equal(PostStates.Scheduled, (await posts.FindAsync(id, default))!.State);
        Assert.Contains("không rút lại được", await HtmlAsync(approver, $"/admin/posts/{id}"));

        // A draft cancelled by mistake comes back; a post cancelled after approval does not (duplicate it instead).
        var draft = await ComposeAsync(editor, "Bản nháp lỡ tay hủy", submit: false);
        Assert.Contains("Xác nhận hủy bài", await HtmlAsync(editor, $"/admin/posts/{draft}"));
        await ActAsync(editor, draft, "Cancel");
        Assert.Equal(PostStates.Cancelled, (await posts.FindAsync(draft, default))!.State);
        Assert.Contains("Khôi phục bản nháp", await HtmlAsync(editor, $"/admin/posts/{draft}"));
        await ActAsync(editor, draft, "Restore");
        Assert.Equal(PostStates.Draft, (await posts.FindAsync(draft, default))!.State);

        var approved = await ComposeAsync(editor, "Bài đã duyệt rồi hủy");
        await ActAsync(approver, approved, "Approve");
        await ActAsync(editor, approved, "Cancel");
        Assert.DoesNotContain("Khôi phục bản nháp", await HtmlAsync(editor, $"/admin/posts/{approved}"));
        await ActAsync(editor, approved, "Restore");
        Assert.Equal(PostStates.Cancelled, (await posts.FindAsync(approved, default))!.State);
        Assert.Contains("dùng «Nhân bản» để soạn lại", await HtmlAsync(editor, $"/admin/posts/{approved}"));

        var log = await Get<AuditLog>(app).ListAsync(null, 100, default);
        Assert.Contains(log, e => e is { Action: "post.withdraw", Actor: "ld-sai-gon" } && e.Target == $"post:{id}");
        Assert.Contains(log, e => e is { Action: "post.restore", Actor: "bt-sai-gon" } && e.Target == $"post:{draft}");
    }

    [Fact]
    public async Task The_repeat_picker_writes_the_cron_shows_the_next_times_and_errors_name_the_fields()
    {
        await using var app = await ChatbotApp.StartAsync();
        var editor = await ConsoleClient.SignInAsync(app, "bt-sai-gon", Roles.WardEditor, "sai-gon");

        var saved = await editor.PostFormAsync("/admin/posts/new", "/admin/posts/new",
        [
            new("Text", "Nhắc lịch thu gom rác"), new("Wards", "sai-gon"), new("Platforms", "zalo"), new("Mode", "recurring"),
            new("RepeatKind", "weekly"), new("RepeatDays", "1"), new("RepeatDays", "3"), new("RepeatTime", "07:30"),
            new("Until", "2026-12-31T23:59"), new("submit", "false"),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var post = (await Get<PostStore>(app).FindAsync(IdFrom(saved), default))!;
        Assert.Equal("30 7 * * 1,3", post.Cron);
        var detail = await HtmlAsync(editor, $"/admin/posts/{post.Id}");
        Assert.Contains("Lặp lại 07:30 Thứ Hai, Thứ Tư hằng tuần, đến 31/12/2026 23:59", detail);
        Assert.DoesNotContain("30 7 * * 1,3", detail);
        var edit = await HtmlAsync(editor, $"/admin/posts/new?edit={post.Id}");
        Assert.Matches("value=\"weekly\" checked=\"checked\"", edit);

        // The live hint: the next times in Vietnamese, from the same rule (Thursday 26/11 now → Monday 30/11 first).
        var next = await editor.Http.GetStringAsync("/admin/posts/new?handler=Occurrences&repeatKind=weekly&repeatDays=1&repeatDays=3&repeatTime=07:30&until=2026-12-31T23:59");
        Assert.Contains("Thứ Hai 30/11/2026 07:30", Regex.Unescape(next));
        Assert.Contains("Thứ Tư 02/12/2026 07:30", Regex.Unescape(next));

        var noDays = await editor.PostFormAsync("/admin/posts/new", "/admin/posts/new",
        [
            new("Text", "x"), new("Wards", "sai-gon"), new("Mode", "recurring"), new("RepeatKind", "weekly"), new("RepeatTime", "07:30"),
            new("Until", "2026-12-31T23:59"), new("submit", "false"),
        ]);
        var html = WebUtility.HtmlDecode(await noDays.Content.ReadAsStringAsync());
        Assert.Contains("<a href=\"#repeat-days\">Các ngày trong tuần</a>: Các ngày trong tuần: chọn ít nhất một ngày.", html);

        var neither = await editor.PostFormAsync("/admin/posts/new", "/admin/posts/new",
            [new("Text", "x"), new("Wards", "sai-gon"), new("Mode", "once"), new("At", ""), new("submit", "false")]);
        html = WebUtility.HtmlDecode(await neither.Content.ReadAsStringAsync());
        Assert.Contains("<a href=\"#At\">Thời điểm đăng</a>: Chưa chọn thời gian đăng: chọn một thời điểm đăng hoặc một lịch lặp lại.", html);
        Assert.DoesNotContain("không cả hai", html);
        Assert.DoesNotContain("(at)", html);
    }

    [Fact]
    public async Task Lists_show_all_the_work_counts_see_all_sent_back_posts_search_and_pages()
    {
        await using var app = await ChatbotApp.StartAsync();
        var editor = await ConsoleClient.SignInAsync(app, "bt-sai-gon", Roles.WardEditor, "sai-gon");
        var approver = await ConsoleClient.SignInAsync(app, "ld-sai-gon", Roles.WardApprover, "sai-gon");
        for (var i = 0; i < 12; i++)
        {
            var id = await ComposeAsync(editor, $"Bản tin số {i + 1}", at: $"2026-12-{i + 1:00}T08:00");
            await ActAsync(approver, id, "Approve");
        }
        for (var i = 0; i < 10; i++) await ComposeAsync(editor, $"Nháp {i + 1}", submit: false);
        var sentBack = await ComposeAsync(editor, "Lịch tiêm chủng mở rộng");
        await ActAsync(approver, sentBack, "Reject", new() { ["comment"] = "Thêm địa điểm tiêm" });

        var overview = await HtmlAsync(editor, "/admin");
        Assert.Contains("Sắp đăng (12)", overview);
        Assert.Contains("Xem tất cả 12 bài sắp đăng", overview);
        Assert.Contains("Bị trả về, cần sửa (1)", overview);
        Assert.Contains("Lý do: Thêm địa điểm tiêm", overview);
        Assert.DoesNotContain("Bị trả về", await HtmlAsync(approver, "/admin")); // it is the editor's work, not the approver's

        var scheduled = await HtmlAsync(editor, "/admin/posts?state=scheduled");
        Assert.Contains("12 bài", scheduled);
        Assert.Equal(12, PostRows().Matches(scheduled).Count);

        var all = await HtmlAsync(editor, "/admin/posts");
        Assert.Contains("23 bài · Trang 1/2", all);
        Assert.Equal(20, PostRows().Matches(all).Count);
        Assert.Contains("Trang sau ›", all);
        var second = await HtmlAsync(editor, "/admin/posts?trang=2");
        Assert.Contains("Trang 2/2", second);
        Assert.Equal(3, PostRows().Matches(second).Count);

        var found = await HtmlAsync(editor, "/admin/posts?q=tiem+chung");
        Assert.Contains("1 bài", found);
        Assert.Contains($"href=\"/admin/posts/{sentBack}\">#{sentBack}", found);
        var byChannel = await HtmlAsync(editor, "/admin/posts?channel=sai-gon-zalo&state=draft");
        Assert.Contains("11 bài", byChannel);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync("/admin/posts?channel=tan-dinh-zalo")).StatusCode);
    }

    [GeneratedRegex("<th scope=\"row\"><a href=\"/admin/posts/\\d+\">")]
    private static partial Regex PostRows();

    [Fact]
    public async Task The_users_form_keeps_what_was_typed_and_offers_the_least_powerful_role_first()
    {
        await using var app = await ChatbotApp.StartAsync();
        var admin = await ConsoleClient.SignInAsync(app, "quan-tri", Roles.DistrictAdmin, null);
        var empty = await HtmlAsync(admin, "/admin/users");
        Assert.Matches("<option value=\"WardEditor\" selected=\"selected\">", empty);
        Assert.DoesNotMatch("<option value=\"DistrictAdmin\" selected", empty);

        var refused = await admin.PostFormAsync("/admin/users", "/admin/users?handler=Create",
            new() { ["name"] = "ld-ben-thanh", ["role"] = Roles.WardApprover, ["ward"] = "ben-thanh", ["password"] = "ngan" });
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Mật khẩu ban đầu: cần ít nhất 8 ký tự", html);
        Assert.Contains("value=\"ld-ben-thanh\"", html);
        Assert.Contains("<option value=\"WardApprover\" selected=\"selected\">", html);
        Assert.Contains("<option value=\"ben-thanh\" selected=\"selected\">", html);
        Assert.Null(await Get<StaffStore>(app).FindAsync("ld-ben-thanh", default));
    }

    [Fact]
    public async Task The_calendar_composes_from_a_day_previews_and_moves_a_draft_to_a_new_time()
    {
        await using var app = await ChatbotApp.StartAsync();
        var editor = await ConsoleClient.SignInAsync(app, "bt-sai-gon", Roles.WardEditor, "sai-gon");
        var draft = await ComposeAsync(editor, "Nháp họp dân phố cuối tuần", submit: false, at: "2026-11-27T08:00");

        var week = await HtmlAsync(editor, "/admin/calendar?date=2026-11-27");
        Assert.Contains("Nháp họp dân phố cuối tuần", week); // a draft is on the calendar, with its preview
        Assert.Contains("href=\"/admin/posts/new?at=2026-11-28\"", week);
        Assert.Contains("value=\"2026-11-28T08:00\"", await HtmlAsync(editor, "/admin/posts/new?at=2026-11-28"));

        var moved = await editor.PostFormAsync("/admin/calendar", "/admin/calendar?handler=Reschedule",
            new() { ["id"] = draft.ToString(CultureInfo.InvariantCulture), ["at"] = "2026-11-29T16:30", ["back"] = "/admin/calendar?date=2026-11-27" });
        Assert.Equal("/admin/calendar?date=2026-11-27", moved.Headers.Location?.OriginalString);
        var post = (await Get<PostStore>(app).FindAsync(draft, default))!;
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 9, 30, 0, TimeSpan.Zero), post.PublishAt);
        Assert.Equal(PostStates.Draft, post.State);
        Assert.Contains($"Đã dời bài #{draft} sang 29/11/2026 16:30.", await HtmlAsync(editor, "/admin/calendar?date=2026-11-27"));

        var past = await editor.PostFormAsync("/admin/calendar", "/admin/calendar?handler=Reschedule",
            new() { ["id"] = draft.ToString(CultureInfo.InvariantCulture), ["at"] = "2026-11-20T08:00" });
        Assert.Equal(HttpStatusCode.Redirect, past.StatusCode);
        Assert.Contains("chọn một thời điểm trong tương lai", await HtmlAsync(editor, "/admin/calendar"));
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 9, 30, 0, TimeSpan.Zero), (await Get<PostStore>(app).FindAsync(draft, default))!.PublishAt);
    }

    [Fact]
    public async Task A_failed_delivery_is_listed_by_channel_name_and_retried_from_the_console()
    {
        await using var app = await ChatbotApp.StartAsync();
        var editor = await ConsoleClient.SignInAsync(app, "bt-sai-gon", Roles.WardEditor, "sai-gon");
        var approver = await ConsoleClient.SignInAsync(app, "ld-sai-gon", Roles.WardApprover, "sai-gon");
        var other = await ConsoleClient.SignInAsync(app, "bt-tan-dinh", Roles.WardEditor, "tan-dinh");
        var id = await ComposeAsync(editor, "Bài sẽ lỗi khi đăng");
        await ActAsync(approver, id, "Approve");
        var deliveries = Get<DeliveryStore>(app);
        var failed = (await deliveries.ForPostAsync(id, default)).Single(d => d.ChannelId == "sai-gon-facebook");
        await deliveries.SetStateAsync(failed.Id, PostStates.Scheduled, PostStates.Failed, default, error: "Trang từ chối: mã hết hạn");

        var page = await HtmlAsync(editor, "/admin/deliveries");
        Assert.Contains("Lỗi, cần đăng lại (1)", page);
        Assert.Contains("Trang Facebook Phường Sài Gòn", page);
        Assert.Contains("Trang từ chối: mã hết hạn", page);
        Assert.Contains("Mở danh sách lượt đăng lỗi", await HtmlAsync(editor, "/admin"));
        Assert.Contains("Lỗi, cần đăng lại (0)", await HtmlAsync(other, "/admin/deliveries"));
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostFormAsync("/admin/deliveries", "/admin/deliveries?handler=Retry",
            new() { ["post"] = id.ToString(CultureInfo.InvariantCulture), ["delivery"] = failed.Id.ToString(CultureInfo.InvariantCulture) })).StatusCode);

        var retried = await editor.PostFormAsync("/admin/deliveries", "/admin/deliveries?handler=Retry",
            new() { ["post"] = id.ToString(CultureInfo.InvariantCulture), ["delivery"] = failed.Id.ToString(CultureInfo.InvariantCulture) });
        Assert.Equal("/admin/deliveries", retried.Headers.Location?.OriginalString);
        Assert.Equal(PostStates.Scheduled, (await deliveries.FindAsync(failed.Id, default))!.State);
        Assert.Contains("Lỗi, cần đăng lại (0)", await HtmlAsync(editor, "/admin/deliveries"));
    }

    [Fact]
    public async Task Insight_counts_each_player_once_so_weeks_totals_and_the_ward_table_agree()
    {
        await using var app = await ChatbotApp.StartAsync();
        var quiz = Get<QuizCatalog>(app).Default.Id;
        var db = Get<IDbConnectionFactory>(app);
        static DateTimeOffset Vn(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, TimeSpan.FromHours(7));
        async Task PlayAsync(string user, DateTimeOffset started, DateTimeOffset? finished, int? score)
        {
            await using var conn = await db.OpenAsync();
            await conn.ExecuteAsync("""
                INSERT INTO quiz_attempts (quiz_id, channel, user_id, ward_id, plan, question_count, score, started_at, finished_at)
                VALUES (@quiz, 'webchat', @user, 'sai-gon', '', 10, @score, @started, @finished)
                """, new { quiz, user, score, started = started.ToUniversalTime(), finished = finished?.ToUniversalTime() });
        }
        await PlayAsync("a", Vn(11, 16, 10), Vn(11, 24, 9), 7);   // started last week, finished this week
        await PlayAsync("b", Vn(11, 24, 10), null, null);         // started this week, not finished
        await PlayAsync("c", Vn(11, 24, 11), Vn(11, 24, 11), 9);  // this week; its retry below does not count
        await PlayAsync("c", Vn(11, 25, 11), Vn(11, 25, 11), 10);
        await PlayAsync("d", Vn(9, 1, 10), Vn(9, 1, 10), 5);      // before the chart's eight weeks

        var editor = await ConsoleClient.SignInAsync(app, "bt-sai-gon", Roles.WardEditor, "sai-gon");
        var page = Regex.Replace(await HtmlAsync(editor, "/admin/insight"), "\\s+", " ");
        Assert.Contains("<tr><th scope=\"row\">16/11/2026</th><td>1</td><td>1</td><td>7</td></tr>", page);
        Assert.Contains("<tr><th scope=\"row\">23/11/2026</th><td>2</td><td>1</td><td>9</td></tr>", page);
        Assert.Contains("<tr><th scope=\"row\">Trước 05/10/2026</th><td>1</td><td>1</td><td>5</td></tr>", page);
        Assert.Contains("<tr class=\"total\"><th scope=\"row\">Cộng</th><td>4</td><td>3</td><td>7</td></tr>", page);
        Assert.Contains("<th scope=\"row\">Phường Sài Gòn</th><td>4</td><td>3</td><td>7</td>", page);
        Assert.Contains("thang 0–10, trục phải", page);
    }
}
