using Chatbot.Web.Wards;

namespace Chatbot.Tests.Wards;

/// <summary>The rule new team codes follow (dialogs/units/teams.yaml): ward initials, a number, "A1"; never reused.</summary>
public sealed class TeamCodesTests
{
    static Unit Ward(string id, string shortName) =>
        new(id, "Phường " + shortName, shortName, new DateOnly(2025, 7, 1), null, [], []);

    [Theory]
    [InlineData("Sài Gòn", "SG")]
    [InlineData("Tân Định", "TD")]
    [InlineData("Bến Thành", "BT")]
    [InlineData("Cầu Ông Lãnh", "CL")]
    [InlineData("Đa Kao", "DK")]
    public void Initials_are_the_first_letters_of_the_first_and_last_word_without_diacritics(string shortName, string initials) =>
        Assert.Equal(initials, TeamCodes.Initials(Ward("x", shortName)));

    [Fact]
    public void The_next_code_takes_the_first_free_number_and_never_a_code_in_use_anywhere()
    {
        var ward = Ward("sai-gon", "Sài Gòn");
        Team[] teams = [new("SG01A1", "Tổ 1", "sai-gon"), new("SG03A1", "Tổ 3", "sai-gon") { Active = false }];
        var taken = new HashSet<string>(["SG01A1", "SG03A1"], StringComparer.OrdinalIgnoreCase);
        Assert.Equal("SG02A1", TeamCodes.Next(ward, teams, taken));
        taken.Add("SG02A1");
        Assert.Equal("SG04A1", TeamCodes.Next(ward, teams, taken)); // a deactivated team's SG03A1 is not reused
    }

    [Fact]
    public void A_ward_keeps_the_prefix_its_teams_already_use()
    {
        var ward = Ward("cau-ong-lanh", "Cầu Ông Lãnh");
        Assert.Equal("CO02A1", TeamCodes.Next(ward, [new("CO01A1", "Tổ 1", "cau-ong-lanh")], new HashSet<string>(["CO01A1"])));
    }
}
