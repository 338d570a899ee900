using System.Net.Http.Json;
using System.Text.Json;
using Chatbot.Tests.Infrastructure;
using Chatbot.Tests.Quiz;
using Chatbot.Web.Wards;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Wards;

/// <summary>A deactivated team keeps its results in the standings; its link no longer counts for it.</summary>
public sealed class DeactivatedTeamTests
{
    [Fact]
    public async Task A_deactivated_team_keeps_its_results_and_its_link_opens_the_general_quiz()
    {
        await using var app = await ChatbotApp.StartAsync();
        var player = new QuizPlayer(app, "u-team", channel: "zalo");
        await player.SayAsync("QUIZ SG01A1");
        await player.SayAsync("Sài Gòn");
        await player.FinishAsync(correct: true);

        var registry = app.Services.GetRequiredService<WardRegistry>();
        await registry.UpdateTeamAsync("SG01A1", null, false, "quan", default);
        await registry.UpdateTeamAsync("SG02A1", null, false, "quan", default);

        var teams = (await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/quizzes/cds-17/leaderboard?by=team"))
            .GetProperty("entries").EnumerateArray().ToList();
        var kept = Assert.Single(teams, e => e.GetProperty("id").GetString() == "SG01A1");
        Assert.Equal((1, 1), (kept.GetProperty("rank").GetInt32(), kept.GetProperty("completions").GetInt32()));
        Assert.DoesNotContain(teams, e => e.GetProperty("id").GetString() == "SG02A1"); // deactivated with no results: not listed
        Assert.Equal(11, teams.Count);

        var again = new QuizPlayer(app, "u-new", channel: "zalo");
        var replies = (await again.SayAsync("QUIZ SG01A1")).Texts();
        Assert.Contains("Tổ công nghệ số cộng đồng khu phố 1 (mã «SG01A1») nay không còn hoạt động; kết quả các bạn đã làm vẫn được giữ.", replies);
        Assert.DoesNotContain("Bạn đang làm bài cùng", replies);

        // The player who joined the team earlier plays again: the new attempt no longer counts for the deactivated team.
        await player.TapAsync("Làm lại");
        await player.FinishAsync(correct: false);
        await using var conn = await app.Services.GetRequiredService<Chatbot.Web.Storage.IDbConnectionFactory>().OpenAsync();
        var codes = (await Dapper.SqlMapper.QueryAsync<string?>(conn, "SELECT team_code FROM quiz_attempts WHERE user_id = 'u-team' ORDER BY id")).ToList();
        Assert.Equal(["SG01A1", null], codes);
    }
}
