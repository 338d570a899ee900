using System.Net;
using Chatbot.Tests.Infrastructure;
using Chatbot.Tests.Staff;
using Chatbot.Web.Staff;
using Chatbot.Web.Storage;
using Chatbot.Web.Wards;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Wards;

/// <summary>«Tổ công nghệ số» and «Thông tin phường» in the console (issue 16): real HTTP, cookies and antiforgery, real
/// databases; ward staff see and change their own ward only; the desk uses edited office hours at once.</summary>
public sealed class TeamsConsoleTests
{
    static async Task<string> PageAsync(ConsoleClient client, string url) => WebUtility.HtmlDecode(await client.Http.GetStringAsync(url));

    static async Task<string> BodyAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_ward_officer_adds_a_team_sees_its_qr_and_poster_and_deactivates_it_only_after_confirming(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var editor = await ConsoleClient.SignInAsync(app, "bt-sai-gon", Roles.WardEditor, "sai-gon");

        var list = await PageAsync(editor, "/admin/teams");
        Assert.Contains("<a href=\"/admin/teams\" aria-current=\"page\">Tổ công nghệ số</a>", list); // the menu marks the page
        Assert.Contains("SG01A1", list);
        Assert.DoesNotContain("TD01A1", list); // another ward's teams are not listed

        var empty = await editor.PostFormAsync("/admin/teams", "/admin/teams?handler=Add", new() { ["ward"] = "sai-gon", ["name"] = " " });
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("Chưa nhập tên tổ.", await BodyAsync(empty));
        var forged = await editor.PostFormAsync("/admin/teams", "/admin/teams?handler=Add", new() { ["ward"] = "tan-dinh", ["name"] = "Tổ lạ" });
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);

        var added = await editor.PostFormAsync("/admin/teams", "/admin/teams?handler=Add",
            new() { ["ward"] = "sai-gon", ["name"] = "Tổ công nghệ số khu phố Bốn" });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal("/admin/teams/SG04A1", added.Headers.Location?.OriginalString);

        var page = await PageAsync(editor, "/admin/teams/SG04A1");
        Assert.Contains("Đã thêm «Tổ công nghệ số khu phố Bốn», mã SG04A1.", page);
        Assert.Contains("http://localhost:5000/q/SG04A1", page);
        Assert.Contains("https://m.me/100000000000001?ref=quiz.cds-17.SG04A1", page);
        Assert.Contains("«QUIZ SG04A1»", page);
        Assert.Contains("<svg", page);
        var poster = await PageAsync(editor, "/admin/teams/SG04A1/poster");
        Assert.Contains("Phường Sài Gòn", poster);
        Assert.Contains("size: A4", poster);
        Assert.Contains("@media print", poster);
        Assert.Contains("<svg", poster);

        // Deactivating needs the box ticked: without it, nothing changes.
        var unconfirmed = await editor.PostFormAsync("/admin/teams/SG04A1", "/admin/teams/SG04A1?handler=Active", new() { ["active"] = "false" });
        Assert.Contains("Hãy đánh dấu ô xác nhận", await BodyAsync(unconfirmed));
        var registry = app.Services.GetRequiredService<WardRegistry>();
        Assert.True((await registry.CurrentAsync(default)).FindTeam("SG04A1")!.Active);
        var confirmed = await editor.PostFormAsync("/admin/teams/SG04A1", "/admin/teams/SG04A1?handler=Active",
            new() { ["active"] = "false", ["confirmed"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.False((await registry.CurrentAsync(default)).FindTeam("SG04A1")!.Active);
        Assert.Contains("ngừng hoạt động", await PageAsync(editor, "/admin/teams/SG04A1"));

        var renamed = await editor.PostFormAsync("/admin/teams/SG04A1", "/admin/teams/SG04A1?handler=Rename", new() { ["name"] = "Tổ khu phố 4" });
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        var audit = await app.Services.GetRequiredService<AuditLog>().ListAsync("sai-gon", 10, default);
        Assert.Equal(["team.rename", "team.deactivate", "team.add"], audit.Take(3).Select(e => e.Action));

        // Another ward's team: 404 on its page, poster and changes.
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync("/admin/teams/TD01A1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync("/admin/teams/TD01A1/poster")).StatusCode);
        var other = await editor.PostFormAsync("/admin/teams/SG04A1", "/admin/teams/TD01A1?handler=Rename", new() { ["name"] = "Đổi trộm" });
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Edited_office_hours_and_hotline_reach_the_desk_at_once_and_bad_input_saves_nothing(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var editor = await ConsoleClient.SignInAsync(app, "bt-sai-gon", Roles.WardEditor, "sai-gon");
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync("/admin/wards/tan-dinh")).StatusCode);
        Assert.Contains("Thứ Hai – Thứ Sáu 07:30–11:30, 13:00–17:00", await PageAsync(editor, "/admin/wards"));

        var bad = await editor.PostFormAsync("/admin/wards/sai-gon", "/admin/wards/sai-gon", new()
        {
            ["displayName"] = "Phường Sài Gòn", ["officeHours"] = "T2-T6 7h30-11h30", ["address"] = "", ["hotline"] = "gọi tôi",
        });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badPage = await BodyAsync(bad);
        Assert.Contains("Giờ làm việc «T2-T6 7h30-11h30» không đúng dạng «T2-T6 07:30-11:30».", badPage);
        Assert.Contains("Số đường dây nóng «gọi tôi» không hợp lệ", badPage);
        Assert.Contains("T2-T6 7h30-11h30", badPage); // what was typed is kept
        var registry = app.Services.GetRequiredService<WardRegistry>();
        Assert.Null((await registry.CurrentAsync(default)).Details("sai-gon")!.Hotline);

        // Saturday mornings only: the test clock (Thursday 08:00 Vietnam time) is outside them.
        var saved = await editor.PostFormAsync("/admin/wards/sai-gon", "/admin/wards/sai-gon", new()
        {
            ["displayName"] = "Phường Sài Gòn", ["officeHours"] = "T7 07:30-11:30",
            ["address"] = "45-47 Lê Duẩn, phường Sài Gòn", ["hotline"] = "028 3829 1234",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var entry = (await app.Services.GetRequiredService<AuditLog>().ListAsync("sai-gon", 1, default)).Single();
        Assert.Equal(("ward.details", "bt-sai-gon"), (entry.Action, entry.Actor));
        Assert.Contains("giờ làm việc: T2-T6 07:30-11:30, T2-T6 13:00-17:00, T7 07:30-11:30 → T7 07:30-11:30", entry.Detail);

        await app.SayAsync("gặp cán bộ", conversation: "hours");
        var offer = (await app.SayAsync("Sài Gòn", conversation: "hours")).Texts();
        Assert.Contains("Cán bộ trả lời trong giờ làm việc: Thứ Bảy 07:30–11:30 (giờ Việt Nam)", offer);
        var accepted = (await app.SayAsync("Đồng ý", conversation: "hours")).Texts();
        Assert.Contains("ngoài giờ làm việc (Thứ Bảy 07:30–11:30), nên cán bộ sẽ trả lời bạn ngay tại đây từ 7:30 Thứ Bảy 28/11", accepted);
        Assert.Contains("đường dây nóng của phường: 028 3829 1234", accepted);
        Assert.Contains("Địa chỉ UBND phường: 45-47 Lê Duẩn, phường Sài Gòn.", accepted);
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_import_with_errors_names_each_line_and_applies_nothing_and_a_good_one_applies_after_confirming(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var admin = await ConsoleClient.SignInAsync(app, "quan", Roles.DistrictAdmin, null);
        var editor = await ConsoleClient.SignInAsync(app, "bt-sai-gon", Roles.WardEditor, "sai-gon");
        Assert.NotEqual(HttpStatusCode.OK, (await editor.GetAsync("/admin/wards/transfer")).StatusCode);

        const string broken = """
            teams:
              - { code: SG09A1, name: "Tổ khu phố 9", ward: sai-gon }
              - { code: sg-10, name: "Tổ khu phố 10", ward: sai-gon }
              - { code: SG11A1, name: "Tổ khu phố 11", ward: phuong-khong-co }
              - { code: SG12A1, name: "", ward: sai-gon }
            """;
        var check = await admin.PostFormAsync("/admin/wards/transfer", "/admin/wards/transfer?handler=Check", new() { ["yaml"] = broken });
        var errors = await BodyAsync(check);
        Assert.Contains("Chưa nhập gì: tệp còn 3 lỗi.", errors);
        Assert.Contains("dòng 3: mã tổ «sg-10» phải gồm 4–8 chữ in hoa hoặc chữ số", errors);
        Assert.Contains("dòng 4: tổ «SG11A1»: phường «phuong-khong-co» không có hoặc không còn hiệu lực.", errors);
        Assert.Contains("dòng 5: tổ «SG12A1» thiếu tên (name).", errors);
        var apply = await admin.PostFormAsync("/admin/wards/transfer", "/admin/wards/transfer?handler=Apply", new() { ["yaml"] = broken, ["confirmed"] = "true" });
        Assert.Equal(HttpStatusCode.OK, apply.StatusCode);
        var registry = app.Services.GetRequiredService<WardRegistry>();
        Assert.Null((await registry.CurrentAsync(default)).FindTeam("SG09A1")); // the good row was not applied either

        var unknownKey = await admin.PostFormAsync("/admin/wards/transfer", "/admin/wards/transfer?handler=Check",
            new() { ["yaml"] = "units:\n  - id: sai-gon\n    name: \"Phường Sài Gòn\"\n    hotlin: \"028\"\n" });
        Assert.Contains("dòng 4: khoá không hợp lệ", await BodyAsync(unknownKey));

        const string good = """
            teams:
              - { code: SG09A1, name: "Tổ khu phố 9", ward: sai-gon }
              - { code: TD01A1, name: "Tổ công nghệ số cộng đồng khu phố 1", ward: tan-dinh, active: false }
            """;
        var plan = await BodyAsync(await admin.PostFormAsync("/admin/wards/transfer", "/admin/wards/transfer?handler=Check", new() { ["yaml"] = good }));
        Assert.Contains("thêm tổ SG09A1 «Tổ khu phố 9» (Phường Sài Gòn)", plan);
        Assert.Contains("tổ TD01A1: ngừng hoạt động", plan);
        var unconfirmed = await admin.PostFormAsync("/admin/wards/transfer", "/admin/wards/transfer?handler=Apply", new() { ["yaml"] = good });
        Assert.Contains("Hãy đánh dấu ô xác nhận", await BodyAsync(unconfirmed));
        Assert.Null((await registry.CurrentAsync(default)).FindTeam("SG09A1"));

        var applied = await admin.PostFormAsync("/admin/wards/transfer", "/admin/wards/transfer?handler=Apply", new() { ["yaml"] = good, ["confirmed"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        var book = await registry.CurrentAsync(default);
        Assert.Equal("Tổ khu phố 9", book.FindTeam("SG09A1")!.Name);
        Assert.False(book.FindTeam("TD01A1")!.Active);
        Assert.Contains(await app.Services.GetRequiredService<AuditLog>().ListAsync(null, 10, default),
            e => e.Action == "team.import" && e.Target == "team:SG09A1" && e.Actor == "quan");

        // The export is the same format and imports back unchanged.
        var exported = await admin.Http.GetStringAsync("/admin/wards/transfer?handler=Teams");
        Assert.Contains("  - { code: SG09A1, name: \"Tổ khu phố 9\", ward: sai-gon }", exported);
        Assert.Contains("  - { code: TD01A1, name: \"Tổ công nghệ số cộng đồng khu phố 1\", ward: tan-dinh, active: false }", exported);
        var wards = await admin.Http.GetStringAsync("/admin/wards/transfer?handler=Wards");
        var again = await BodyAsync(await admin.PostFormAsync("/admin/wards/transfer", "/admin/wards/transfer?handler=Check", new() { ["yaml"] = wards }));
        Assert.Contains("Phường Sài Gòn: không có thay đổi", again);
        Assert.DoesNotContain("validation-summary-errors", again);
    }
}
