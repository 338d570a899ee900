using System.Net;
using System.Text;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Broadcasting;
using Chatbot.Web.Knowledge;
using Chatbot.Web.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Staff;

/// <summary>The staff console through real HTTP (cookies, antiforgery, redirects): sign-in, roles and wards on every
/// page and form, the posts flow through the API's rules, CSV exports, marking questions handled.</summary>
[Collection(Chatbot.Tests.Broadcasting.HangfireCollection.Name)]
public sealed class ConsoleTests
{
    // The fake clock starts at 2026-11-26 08:00 in Vietnam.
    static readonly string[] Pages = ["/admin", "/admin/posts", "/admin/posts/new", "/admin/posts/1", "/admin/calendar", "/admin/calendar?view=month",
        "/admin/campaign", "/admin/channels", "/admin/sandbox", "/admin/insight", "/admin/questions", "/admin/audit", "/admin/audit?handler=Csv", "/admin/users"];

    static T Get<T>(ChatbotApp app) where T : notnull => app.Services.GetRequiredService<T>();

    static async Task<long> ComposeAsync(ConsoleClient editor, string ward, string text = "Lịch tiêm chủng tuần này", bool submit = true)
    {
        var response = await editor.PostFormAsync("/admin/posts/new", "/admin/posts/new",
        [
            new("Text", text), new("Wards", ward), new("Platforms", "facebook"), new("Platforms", "zalo"),
            new("Mode", "once"), new("At", "2026-11-27T08:00"), new("submit", submit ? "true" : "false"),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return long.Parse(response.Headers.Location!.OriginalString["/admin/posts/".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Every_page_sends_an_anonymous_visitor_to_the_sign_in_page()
    {
        await using var app = await ChatbotApp.StartAsync();
        var anonymous = ConsoleClient.Anonymous(app);
        foreach (var page in Pages)
        {
            var response = await anonymous.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{page}: {response.StatusCode}");
            Assert.StartsWith("http://localhost/admin/login?ReturnUrl=", response.Headers.Location!.ToString());
        }
        var login = await (await anonymous.GetAsync("/admin/login")).Content.ReadAsStringAsync();
        Assert.Contains("Đăng nhập", login);
    }

    [Fact]
    public async Task Sign_in_sets_a_safe_cookie_locks_out_after_five_failures_and_sign_out_ends_the_session()
    {
        await using var app = await ChatbotApp.StartAsync();
        await Get<StaffStore>(app).CreateUserAsync("bien-tap", Roles.WardEditor, "sai-gon", ConsoleClient.Password, default);
        var client = ConsoleClient.Anonymous(app);

        var ok = await client.PostFormAsync("/admin/login", "/admin/login", new() { ["user"] = "bien-tap", ["password"] = ConsoleClient.Password });
        var cookie = ok.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("chatbot.staff=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin")).StatusCode);

        var signOut = await client.PostFormAsync("/admin", "/admin/logout", new());
        Assert.Equal("/admin/login", signOut.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/admin")).StatusCode);

        var wrong = "";
        for (var i = 0; i < StaffStore.MaxFailedSignIns; i++)
            wrong = await (await client.PostFormAsync("/admin/login", "/admin/login", new() { ["user"] = "bien-tap", ["password"] = "sai-mat-khau" }))
                .Content.ReadAsStringAsync();
        Assert.Contains("tạm khóa", wrong);
        var locked = await client.PostFormAsync("/admin/login", "/admin/login", new() { ["user"] = "bien-tap", ["password"] = ConsoleClient.Password });
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode); // the page again, not a redirect into the console
        Assert.Contains("tạm khóa", await locked.Content.ReadAsStringAsync());

        var noToken = await client.Http.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "x", ["password"] = "y" }));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode); // antiforgery
    }

    [Fact]
    public async Task A_ward_editor_composes_the_approver_approves_and_another_ward_sees_nothing()
    {
        await using var app = await ChatbotApp.StartAsync();
        var editor = await ConsoleClient.SignInAsync(app, "bt-sai-gon", Roles.WardEditor, "sai-gon");
        var approver = await ConsoleClient.SignInAsync(app, "ld-sai-gon", Roles.WardApprover, "sai-gon");
        var otherEditor = await ConsoleClient.SignInAsync(app, "bt-tan-dinh", Roles.WardEditor, "tan-dinh");
        var otherApprover = await ConsoleClient.SignInAsync(app, "ld-tan-dinh", Roles.WardApprover, "tan-dinh");

        var id = await ComposeAsync(editor, "sai-gon");
        var page = $"/admin/posts/{id}";
        Assert.Contains("Chờ duyệt", await editor.Http.GetStringAsync(page));

        // The author cannot approve (no button, and the handler refuses); a WardEditor is not an approver.
        var self = await editor.PostFormAsync(page, page + "?handler=Approve", new());
        Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
        Assert.Equal(PostStates.AwaitingApproval, (await Get<PostStore>(app).FindAsync(id, default))!.State);

        // Another ward: 404 on the page and on every handler, 403 when it names the ward in a filter.
        Assert.Equal(HttpStatusCode.NotFound, (await otherEditor.GetAsync(page)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherEditor.GetAsync($"/admin/posts/new?from={id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherApprover.PostFormAsync("/admin", page + "?handler=Approve", new())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherApprover.PostFormAsync("/admin", page + "?handler=Cancel", new())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherEditor.GetAsync("/admin/calendar?ward=sai-gon")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherEditor.GetAsync("/admin/posts?ward=sai-gon")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherEditor.GetAsync("/admin/audit?ward=sai-gon")).StatusCode);
        Assert.DoesNotContain("Lịch tiêm chủng", await otherEditor.Http.GetStringAsync("/admin/calendar?date=2026-11-27"));
        Assert.DoesNotContain("Lịch tiêm chủng", await otherEditor.Http.GetStringAsync("/admin/posts"));

        // Forging another ward in the compose form is refused, not silently narrowed.
        var forged = await otherEditor.PostFormAsync("/admin/posts/new", "/admin/posts/new",
            [new("Text", "x"), new("Wards", "sai-gon"), new("Mode", "once"), new("At", "2026-11-27T08:00"), new("submit", "false")]);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);

        // Reject needs a comment; then the author resubmits and the approver approves.
        var noComment = await approver.PostFormAsync(page, page + "?handler=Reject", new() { ["comment"] = " " });
        Assert.Equal(HttpStatusCode.Redirect, noComment.StatusCode);
        Assert.Contains("lý do", await approver.Http.GetStringAsync(page));
        await approver.PostFormAsync(page, page + "?handler=Reject", new() { ["comment"] = "Thêm giờ làm việc" });
        var rejected = await editor.Http.GetStringAsync(page);
        Assert.Contains("Thêm giờ làm việc", rejected);
        await editor.PostFormAsync(page, page + "?handler=Submit", new());
        var approved = await approver.PostFormAsync(page, page + "?handler=Approve", new());
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal(PostStates.Scheduled, (await Get<PostStore>(app).FindAsync(id, default))!.State);

        var calendar = await editor.Http.GetStringAsync("/admin/calendar?date=2026-11-27");
        Assert.Contains($"/admin/posts/{id}", calendar);
        Assert.Contains("08:00", calendar);
        Assert.Contains($"/admin/posts/{id}", await approver.Http.GetStringAsync("/admin/calendar?view=month&date=2026-11-01"));
        var detail = await editor.Http.GetStringAsync(page);
        Assert.Contains("Trang Facebook Phường Sài Gòn", detail);
        Assert.Contains("Zalo OA UBND Phường Sài Gòn", detail);
    }

    [Fact]
    public async Task A_returned_post_is_edited_in_the_form_it_was_written_in_and_goes_back_for_approval()
    {
        await using var app = await ChatbotApp.StartAsync();
        var editor = await ConsoleClient.SignInAsync(app, "bt-sai-gon", Roles.WardEditor, "sai-gon");
        var approver = await ConsoleClient.SignInAsync(app, "ld-sai-gon", Roles.WardApprover, "sai-gon");
        var otherEditor = await ConsoleClient.SignInAsync(app, "bt-tan-dinh", Roles.WardEditor, "tan-dinh");
        var id = await ComposeAsync(editor, "sai-gon", "Lịch tiêm chủng tuần nay");
        var page = $"/admin/posts/{id}";
        var edit = $"/admin/posts/new?edit={id}";
        await approver.PostFormAsync(page, page + "?handler=Reject", new() { ["comment"] = "Sửa lỗi chính tả: «tuần này»" });

        // The form opens filled with the post as it is, time included (Vietnam wall clock).
        Assert.Contains("Sửa bài", await editor.Http.GetStringAsync(page));
        var form = await editor.Http.GetStringAsync(edit);
        Assert.Contains($"Sửa bài #{id}", form);
        Assert.Contains("Lịch tiêm chủng tuần nay</textarea>", form);
        Assert.Contains("value=\"2026-11-27T08:00\"", form);
        Assert.Equal(HttpStatusCode.NotFound, (await otherEditor.GetAsync(edit)).StatusCode);

        var saved = await editor.PostFormAsync(edit, "/admin/posts/new",
        [
            new("EditId", id.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Text", "Lịch tiêm chủng tuần này"),
            new("Wards", "sai-gon"), new("Platforms", "facebook"), new("Mode", "once"), new("At", "2026-11-27T09:15"), new("submit", "true"),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(page, saved.Headers.Location!.OriginalString);
        var post = (await Get<PostStore>(app).FindAsync(id, default))!;
        Assert.Equal((PostStates.AwaitingApproval, "Lịch tiêm chủng tuần này", "facebook"), (post.State, post.Text, post.Platforms));
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 2, 15, 0, TimeSpan.Zero), post.PublishAt);

        // Approved, it is no longer edited in place: the form sends the editor back with the way to go.
        await approver.PostFormAsync(page, page + "?handler=Approve", new());
        var late = await editor.GetAsync(edit);
        Assert.Equal(HttpStatusCode.Redirect, late.StatusCode);
        Assert.Contains("hủy rồi nhân bản", await editor.Http.GetStringAsync(page));
        Assert.DoesNotContain($"href=\"{edit}\"", await editor.Http.GetStringAsync(page));
    }

    [Fact]
    public async Task A_bad_form_shows_the_APIs_rules_in_Vietnamese()
    {
        await using var app = await ChatbotApp.StartAsync();
        var editor = await ConsoleClient.SignInAsync(app, "bt-sai-gon", Roles.WardEditor, "sai-gon");

        var past = await editor.PostFormAsync("/admin/posts/new", "/admin/posts/new",
            [new("Text", ""), new("Wards", "sai-gon"), new("Platforms", "zalo"), new("Mode", "once"), new("At", "2026-11-20T08:00"), new("submit", "true")]);
        Assert.Equal(HttpStatusCode.OK, past.StatusCode);
        var html = WebUtility.HtmlDecode(await past.Content.ReadAsStringAsync());
        Assert.Contains("Nội dung bài không được để trống.", html);
        Assert.Contains("đã qua; chọn một thời điểm trong tương lai", html);

        var tooLong = await editor.PostFormAsync("/admin/posts/new", "/admin/posts/new",
            [new("Text", new string('a', Chatbot.Web.Channels.Zalo.ZaloProfile.Value.Posts!.MaxText + 1)), new("Wards", "sai-gon"), new("Platforms", "zalo"), new("Mode", "recurring"),
             new("Cron", "mỗi sáng"), new("Until", "2026-12-31T23:59"), new("submit", "true")]);
        html = WebUtility.HtmlDecode(await tooLong.Content.ReadAsStringAsync());
        Assert.Contains("quá giới hạn 2,000 ký tự chọn cho Zalo", html);
        Assert.Contains("Biểu thức cron «mỗi sáng» không hợp lệ", html);

        var notImage = new MultipartFormDataContent
        {
            { new StringContent(await editor.TokenAsync("/admin/posts/new")), "__RequestVerificationToken" },
            { new StringContent("Bài có ảnh"), "Text" }, { new StringContent("sai-gon"), "Wards" }, { new StringContent("once"), "Mode" },
            { new StringContent("2026-11-27T08:00"), "At" }, { new StringContent("true"), "submit" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("<script>alert(1)</script>")), "Image", "anh.png" },
        };
        html = WebUtility.HtmlDecode(await (await editor.Http.PostAsync("/admin/posts/new", notImage)).Content.ReadAsStringAsync());
        Assert.Contains("Tệp không phải ảnh JPEG, PNG, WebP hoặc GIF đọc được", html);
        Assert.Empty(await Get<PostStore>(app).ListAsync(null, null, null, default));
    }

    [Fact]
    public async Task An_uploaded_image_is_stored_and_served_publicly_for_the_platforms()
    {
        await using var app = await ChatbotApp.StartAsync();
        var editor = await ConsoleClient.SignInAsync(app, "bt-sai-gon", Roles.WardEditor, "sai-gon");
        var png = TestImages.Encode(SkiaSharp.SKEncodedImageFormat.Png);
        var form = new MultipartFormDataContent
        {
            { new StringContent(await editor.TokenAsync("/admin/posts/new")), "__RequestVerificationToken" },
            { new StringContent("Bài có ảnh"), "Text" }, { new StringContent("sai-gon"), "Wards" }, { new StringContent("once"), "Mode" },
            { new StringContent("2026-11-27T08:00"), "At" }, { new StringContent("false"), "submit" },
            { new ByteArrayContent(png), "Image", "anh.png" },
        };
        var response = await editor.Http.PostAsync("/admin/posts/new", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var post = Assert.Single(await Get<PostStore>(app).ListAsync(null, null, null, default));
        Assert.Matches("^http://localhost:5000/media/[0-9a-f]{32}\\.png$", post.ImageUrl);
        var image = await app.CreateClient().GetAsync(new Uri(post.ImageUrl!).AbsolutePath);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await image.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/media/..%2Fchatbot.db")).StatusCode);
    }

    [Fact]
    public async Task Only_a_district_admin_manages_users_and_sees_hangfire_and_a_reset_ends_the_old_session()
    {
        await using var app = await ChatbotApp.StartAsync();
        var admin = await ConsoleClient.SignInAsync(app, "quan-tri", Roles.DistrictAdmin, null);
        var editor = await ConsoleClient.SignInAsync(app, "bt-sai-gon", Roles.WardEditor, "sai-gon");

        Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync("/admin/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.PostFormAsync("/admin", "/admin/users?handler=Create",
            new() { ["name"] = "x", ["role"] = Roles.DistrictAdmin, ["password"] = "12345678" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ConsoleClient.Anonymous(app).GetAsync("/hangfire")).StatusCode);
        // The API never takes the cookie (it has no antiforgery): only a Bearer token.
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync("/api/posts")).StatusCode);

        var created = await admin.PostFormAsync("/admin/users", "/admin/users?handler=Create",
            new() { ["name"] = "ld-ben-thanh", ["role"] = Roles.WardApprover, ["ward"] = "ben-thanh", ["password"] = "mat-khau-moi-1" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var user = (await Get<StaffStore>(app).FindAsync("ld-ben-thanh", default))!;
        Assert.Equal(("WardApprover", "ben-thanh"), (user.Role, user.WardId));
        var noWard = await admin.PostFormAsync("/admin/users", "/admin/users?handler=Create",
            new() { ["name"] = "bt-x", ["role"] = Roles.WardEditor, ["password"] = "mat-khau-moi-1" });
        Assert.Contains("cần chọn phường", WebUtility.HtmlDecode(await noWard.Content.ReadAsStringAsync()));

        var editorId = (await Get<StaffStore>(app).FindAsync("bt-sai-gon", default))!.Id;
        await admin.PostFormAsync("/admin/users", "/admin/users?handler=Reset", new() { ["id"] = editorId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["password"] = "mat-khau-moi-2" });
        Assert.Equal(HttpStatusCode.Redirect, (await editor.GetAsync("/admin")).StatusCode); // signed out by the reset
        var audit = await Get<AuditLog>(app).ListAsync(null, 50, default);
        Assert.Contains(audit, e => e is { Action: "user.reset-password", Actor: "quan-tri" });
        Assert.Contains(audit, e => e is { Action: "user.create", Actor: "quan-tri", WardId: "ben-thanh" });
    }

    [Fact]
    public async Task The_audit_CSV_is_UTF8_with_a_BOM_filtered_and_limited_to_the_members_ward()
    {
        await using var app = await ChatbotApp.StartAsync();
        var editor = await ConsoleClient.SignInAsync(app, "bt-sai-gon", Roles.WardEditor, "sai-gon");
        var other = await ConsoleClient.SignInAsync(app, "bt-tan-dinh", Roles.WardEditor, "tan-dinh");
        var admin = await ConsoleClient.SignInAsync(app, "quan-tri", Roles.DistrictAdmin, null);
        var id = await ComposeAsync(editor, "sai-gon", text: "=HYPERLINK(\"x\") Thông báo, \"họp\" tổ dân phố");

        var response = await editor.GetAsync("/admin/audit?handler=Csv&action=post.");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var csv = Encoding.UTF8.GetString(bytes[3..]);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Thời gian,Người thực hiện,Hành động,Đối tượng,Phường,Chi tiết", lines[0]);
        Assert.Equal($"26/11/2026 08:00,bt-sai-gon,post.create,post:{id},sai-gon,gửi duyệt", Assert.Single(lines[1..]));

        Assert.DoesNotContain($"post:{id}", Encoding.UTF8.GetString(await (await other.GetAsync("/admin/audit?handler=Csv")).Content.ReadAsByteArrayAsync()));
        var all = Encoding.UTF8.GetString(await (await admin.GetAsync("/admin/audit?handler=Csv&user=bt-sai-gon")).Content.ReadAsByteArrayAsync());
        Assert.Contains("user.sign-in", all);
        Assert.Contains($"post:{id}", all);
        Assert.DoesNotContain("quan-tri", all);
    }
}
