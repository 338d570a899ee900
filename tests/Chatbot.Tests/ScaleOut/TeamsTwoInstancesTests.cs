using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Chatbot.Tests.Infrastructure;

namespace Chatbot.Tests.ScaleOut;

/// <summary>
/// Issue 16: teams live in the database, so a team added or renamed through one instance is known to the other at once —
/// two real processes on one PostgreSQL database, no restart, no cache to wait out.
/// </summary>
[Collection(nameof(ScaleOutCollection))]
[Trait("Provider", "Postgres")]
public sealed class TeamsTwoInstancesTests
{
    [SkippableFact]
    public async Task A_team_added_on_one_instance_is_at_once_in_the_quiz_link_and_standings_of_the_other()
    {
        TestDatabase.RequirePostgres();
        await using var pair = await TwoInstances.StartAsync();
        var token = await pair.StaffTokenAsync("quan", "DistrictAdmin");
        using var api = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        // B has read the teams once already (the seeded ones), so it holds them in memory.
        Assert.Contains("Tổ công nghệ số cộng đồng khu phố 1", WebUtility.HtmlDecode(await pair.Http.GetStringAsync(pair.B.BaseUrl + "/q/SG01A1")));
        Assert.Contains("chưa có trong danh sách", WebUtility.HtmlDecode(await pair.Http.GetStringAsync(pair.B.BaseUrl + "/q/SG04A1")));

        using var created = await api.PostAsJsonAsync(pair.A.BaseUrl + "/api/teams", new { ward = "sai-gon", name = "Tổ khu phố Bốn" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("SG04A1", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        var onB = WebUtility.HtmlDecode(await pair.Http.GetStringAsync(pair.B.BaseUrl + "/q/SG04A1"));
        Assert.Contains("Tổ khu phố Bốn", onB);
        Assert.DoesNotContain("chưa có trong danh sách", onB);
        var standings = await pair.Http.GetFromJsonAsync<JsonElement>(pair.B.BaseUrl + "/api/quizzes/cds-17/leaderboard?by=team");
        Assert.Contains(standings.GetProperty("entries").EnumerateArray(), e => e.GetProperty("id").GetString() == "SG04A1");

        // And back the other way: renamed on B, A answers the new name.
        using (var renamed = await api.PutAsJsonAsync(pair.B.BaseUrl + "/api/teams/SG04A1", new { name = "Tổ khu phố 4 mới" }))
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("Tổ khu phố 4 mới", (await api.GetFromJsonAsync<JsonElement>(pair.A.BaseUrl + "/api/teams/SG04A1")).GetProperty("name").GetString());
    }
}
