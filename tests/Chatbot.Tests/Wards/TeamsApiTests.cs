using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Staff;
using Chatbot.Web.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Wards;

/// <summary>/api/teams with Bearer tokens (issue 16): add (code by the rule), rename, deactivate; the chat and the quiz
/// page use the change at once; ProblemDetails for bad input; another ward's team is 404.</summary>
public sealed class TeamsApiTests
{
    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_ward_officer_adds_renames_and_deactivates_a_team_and_the_quiz_follows_at_once(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var api = await app.StaffApiAsync("to-sg", Roles.WardEditor, "sai-gon");

        var seeded = await api.GetFromJsonAsync<JsonElement>("/api/teams");
        Assert.Equal(["SG01A1", "SG02A1", "SG03A1"], seeded.EnumerateArray().Select(t => t.GetProperty("code").GetString()));
        Assert.All(seeded.EnumerateArray(), t => Assert.Equal("Phường Sài Gòn", t.GetProperty("wardName").GetString()));

        using var created = await api.PostAsJsonAsync("/api/teams", new { ward = "sai-gon", name = "Tổ công nghệ số khu phố Bốn" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var team = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("SG04A1", team.GetProperty("code").GetString()); // the ward's prefix, the next number, A1
        Assert.Equal("/api/teams/SG04A1", created.Headers.Location?.OriginalString);
        Assert.Equal("http://localhost:5000/q/SG04A1", team.GetProperty("quizLink").GetString());

        // No restart: the chat's share code and the web page know the new team.
        Assert.Contains("Tổ công nghệ số khu phố Bốn", (await app.SayAsync("QUIZ SG04A1", conversation: "c1", user: "u1")).Texts());
        Assert.Contains("Tổ công nghệ số khu phố Bốn", WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync("/q/SG04A1")));

        using (var renamed = await api.PutAsJsonAsync("/api/teams/SG04A1", new { name = "Tổ khu phố 4 (Bến Nghé)" }))
        {
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
            Assert.Equal("Tổ khu phố 4 (Bến Nghé)", (await renamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
        }
        var standings = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/quizzes/cds-17/leaderboard?by=team");
        Assert.Contains(standings.GetProperty("entries").EnumerateArray(), e => e.GetProperty("name").GetString() == "Tổ khu phố 4 (Bến Nghé)");

        using (var deleted = await api.DeleteAsync("/api/teams/SG04A1"))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
            Assert.False((await deleted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("active").GetBoolean());
        }
        var after = (await app.SayAsync("QUIZ SG04A1", conversation: "c2", user: "u2")).Texts();
        Assert.Contains("Tổ khu phố 4 (Bến Nghé) (mã «SG04A1») nay không còn hoạt động", after);
        Assert.Contains("không còn hoạt động", WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync("/q/SG04A1")));

        var audit = await app.Services.GetRequiredService<AuditLog>().ListAsync("sai-gon", 10, default);
        Assert.Equal(["team.deactivate", "team.rename", "team.add"], audit.Select(e => e.Action).Take(3));
        Assert.All(audit.Take(3), e => Assert.Equal(("to-sg", "team:SG04A1"), (e.Actor, e.Target)));

        // Reactivated, the link counts for the team again; the next new team does not reuse its code.
        using (var back = await api.PutAsJsonAsync("/api/teams/SG04A1", new { active = true })) Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Contains("Bạn đang làm bài cùng Tổ khu phố 4 (Bến Nghé)", (await app.SayAsync("QUIZ SG04A1", conversation: "c3", user: "u3")).Texts());
        using var fifth = await api.PostAsJsonAsync("/api/teams", new { ward = "sai-gon", name = "Tổ khu phố 5" });
        Assert.Equal("SG05A1", (await fifth.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_input_is_a_vietnamese_problem_and_another_wards_team_is_not_found(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var sg = await app.StaffApiAsync("to-sg", Roles.WardEditor, "sai-gon");
        var td = await app.StaffApiAsync("to-td", Roles.WardApprover, "tan-dinh");

        using (var empty = await sg.PostAsJsonAsync("/api/teams", new { ward = "sai-gon", name = "  " }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
            Assert.Equal("application/problem+json", empty.Content.Headers.ContentType?.MediaType);
            var problem = await empty.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("Chưa nhập tên tổ.", problem.GetProperty("errors").GetProperty("name")[0].GetString());
        }
        using (var twice = await sg.PostAsJsonAsync("/api/teams", new { ward = "sai-gon", name = "to cong nghe so cong dong khu pho 1" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
            Assert.Contains("Phường đã có tổ tên", await twice.Content.ReadAsStringAsync());
        }
        using (var noWard = await sg.PostAsJsonAsync("/api/teams", new { name = "Tổ mới" }))
            Assert.Contains("Chưa chọn phường của tổ.", await noWard.Content.ReadAsStringAsync());
        using (var nothing = await sg.PutAsJsonAsync("/api/teams/SG01A1", new { })) Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);

        // Tân Định's approver cannot see or touch Sài Gòn's teams: 404, as if they did not exist.
        using (var get = await td.GetAsync("/api/teams/SG01A1")) Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        using (var put = await td.PutAsJsonAsync("/api/teams/SG01A1", new { name = "Đổi trộm" })) Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        using (var delete = await td.DeleteAsync("/api/teams/SG01A1"))
        {
            Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
            Assert.Contains("Không tìm thấy tổ", await delete.Content.ReadAsStringAsync());
        }
        using (var add = await td.PostAsJsonAsync("/api/teams", new { ward = "sai-gon", name = "Tổ lạ" })) Assert.Equal(HttpStatusCode.NotFound, add.StatusCode);
        using (var list = await td.GetAsync("/api/teams?ward=sai-gon")) Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
        var own = await td.GetFromJsonAsync<JsonElement>("/api/teams");
        Assert.All(own.EnumerateArray(), t => Assert.Equal("tan-dinh", t.GetProperty("ward").GetString()));
        Assert.Equal("Tổ công nghệ số cộng đồng khu phố 1", (await sg.GetFromJsonAsync<JsonElement>("/api/teams/SG01A1")).GetProperty("name").GetString());

        using (var anonymous = await app.CreateClient().GetAsync("/api/teams")) Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var admin = await app.StaffApiAsync("quan", Roles.DistrictAdmin, null);
        Assert.Equal(12, (await admin.GetFromJsonAsync<JsonElement>("/api/teams")).GetArrayLength());
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Teams_added_at_the_same_moment_each_get_their_own_code(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var api = await app.StaffApiAsync("quan", Roles.DistrictAdmin, null);
        var responses = await Task.WhenAll(Enumerable.Range(1, 6).Select(i =>
            api.PostAsJsonAsync("/api/teams", new { ward = "tan-dinh", name = $"Tổ mới số {i}" })));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var codes = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()));
        Assert.Equal(["TD04A1", "TD05A1", "TD06A1", "TD07A1", "TD08A1", "TD09A1"], codes.Order());
    }
}
