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

    [Fact]
    public async Task A_wards_contact_sentence_says_only_what_the_ward_keeps()
    {
        await using var app = await ChatbotApp.StartAsync();
        var contact = app.Services.GetRequiredService<WardContact>();
        Assert.Equal("Phường Sài Gòn có 3 tổ công nghệ số cộng đồng: Tổ công nghệ số cộng đồng khu phố 1; Tổ công nghệ số cộng đồng khu phố 2; "
            + "Tổ công nghệ số cộng đồng khu phố 3. Giờ làm việc: Thứ Hai – Thứ Sáu 07:30–11:30, 13:00–17:00; Thứ Bảy 07:30–11:30 (giờ Việt Nam).",
            await contact.DescribeAsync("sai-gon", default));

        var registry = app.Services.GetRequiredService<WardRegistry>();
        await registry.UpdateTeamAsync("SG02A1", null, false, "quan", default);
        await registry.SaveDetailsAsync(new WardDetails("sai-gon", "UBND Phường Sài Gòn", [], "45-47 Lê Duẩn", "028 3829 1234", "quan", app.Clock.GetUtcNow()), default);
        Assert.Equal("UBND Phường Sài Gòn có 2 tổ công nghệ số cộng đồng: Tổ công nghệ số cộng đồng khu phố 1; Tổ công nghệ số cộng đồng khu phố 3. "
            + "Địa chỉ UBND phường: 45-47 Lê Duẩn. Đường dây nóng của phường: 028 3829 1234.",
            await contact.DescribeAsync("sai-gon", default));
        Assert.Null(await contact.DescribeAsync("ben-nghe", default)); // a former ward: no teams, no details kept
        Assert.Null(await contact.DescribeAsync(null, default));
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Ward_details_saved_on_one_instance_are_what_another_running_instance_tells_a_citizen(Chatbot.Web.Storage.StorageProvider provider)
    {
        await using var a = await ChatbotApp.StartAsync(provider);
        await using var b = ChatbotApp.OnSameDatabase(a);
        // B has answered once with the seeded hours, so it holds them in memory.
        await b.SayAsync("gặp cán bộ", conversation: "before");
        Assert.Contains("Thứ Hai – Thứ Sáu 07:30–11:30", (await b.SayAsync("Sài Gòn", conversation: "before")).Texts());

        var staff = new Chatbot.Web.Staff.CurrentStaff(1, "quan", Chatbot.Web.Staff.Roles.DistrictAdmin, null);
        var saved = await a.Services.GetRequiredService<WardDetailsWorkflow>().SaveAsync("sai-gon",
            new WardDetailsInput("Phường Sài Gòn", "CN 08:00-10:00", null, "1022"), staff, default);
        Assert.Null(saved.Problem);

        await b.SayAsync("gặp cán bộ", conversation: "after");
        Assert.Contains("Cán bộ trả lời trong giờ làm việc: Chủ nhật 08:00–10:00", (await b.SayAsync("Sài Gòn", conversation: "after")).Texts());
        Assert.Contains("đường dây nóng của phường: 1022", (await b.SayAsync("Đồng ý", conversation: "after")).Texts());
    }
}
