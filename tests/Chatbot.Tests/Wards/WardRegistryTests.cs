using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Wards;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Wards;

/// <summary>Teams and ward details are seeded from dialogs/units/ once; after that the database wins, across restarts.</summary>
public sealed class WardRegistryTests
{
    [Fact]
    public async Task The_files_seed_an_empty_database_once_and_then_the_database_wins_after_a_restart()
    {
        await using var app = await ChatbotApp.StartAsync();
        var book = await app.Services.GetRequiredService<WardRegistry>().CurrentAsync(default);
        Assert.Equal(12, book.Teams.Count);
        Assert.All(book.Teams, t => Assert.True(t.Active));
        var saiGon = book.Details("sai-gon")!;
        Assert.Equal(("Phường Sài Gòn", WardRegistry.SeedActor), (saiGon.DisplayName, saiGon.UpdatedBy));
        Assert.Equal(["T2-T6 07:30-11:30", "T2-T6 13:00-17:00", "T7 07:30-11:30"], saiGon.OfficeHourLines);

        await app.Services.GetRequiredService<WardRegistry>().UpdateTeamAsync("SG01A1", "Tổ đã đổi tên", false, "quan", default);
        await app.StopAsync();

        await using var restarted = ChatbotApp.OnSameDatabase(app);
        var after = await restarted.Services.GetRequiredService<WardRegistry>().CurrentAsync(default);
        var team = after.FindTeam("sg01a1")!;
        Assert.Equal(("Tổ đã đổi tên", false), (team.Name, team.Active)); // not seeded again from teams.yaml
        Assert.Equal(12, after.Teams.Count);
    }
}
