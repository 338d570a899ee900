using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Channels;
using Chatbot.Web.Channels.Facebook;
using Chatbot.Web.Channels.Zalo;
using Chatbot.Web.Content;
using Chatbot.Web.Wards;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Wards;

public sealed class UnitDirectoryTests : IAsyncLifetime
{
    ChatbotApp app = null!;
    UnitDirectory units = null!;
    ChannelDirectory channels = null!;
    static readonly DateOnly Today = new(2026, 11, 26);

    public async Task InitializeAsync()
    {
        app = await ChatbotApp.StartAsync();
        units = app.Services.GetRequiredService<UnitDirectory>();
        channels = app.Services.GetRequiredService<ChannelDirectory>();
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public void The_four_wards_formed_on_1_July_2025_are_the_active_ones()
    {
        Assert.Equal(["Phường Sài Gòn", "Phường Tân Định", "Phường Bến Thành", "Phường Cầu Ông Lãnh"],
            units.ActiveOn(Today).Select(u => u.Name));
        Assert.Equal(10, units.ActiveOn(new DateOnly(2025, 6, 30)).Count);
    }

    [Theory]
    [InlineData("Bến Nghé", "sai-gon")]
    [InlineData("p. Bến Nghé", "sai-gon")]
    [InlineData("ben nghe", "sai-gon")]
    [InlineData("P.BN", "sai-gon")]
    [InlineData("Phạm Ngũ Lão", "ben-thanh")]
    [InlineData("cau kho", "cau-ong-lanh")]
    public void A_former_ward_name_leads_to_its_successor(string typed, string expected)
    {
        var former = Assert.Single(units.Match(typed));
        Assert.Equal([expected], units.Current(former.Id, Today).Select(u => u.Id));
    }

    [Theory]
    [InlineData("nha toi o phuong sai gon, muon hoi ve dich vu cong", "sai-gon")]
    [InlineData("Tôi ở P. Bến Nghé cũ", "sai-gon")]
    [InlineData("em lam viec o phuong cau ong lanh a", "cau-ong-lanh")]
    public void A_ward_named_in_a_sentence_after_the_word_phuong_is_found(string typed, string expected)
    {
        var named = Assert.Single(units.MatchIn(typed));
        Assert.Equal([expected], units.Current(named.Id, Today).Select(u => u.Id));
    }

    [Theory]
    [InlineData("cntt va chuyen doi so khac nhau the nao")]
    [InlineData("toi o quan 1, co 17 diem khac nhau a")]
    [InlineData("sai gon dep qua")] // no «phường»: a remark, not an answer
    public void A_sentence_without_a_ward_after_phuong_names_none(string typed) => Assert.Empty(units.MatchIn(typed));

    [Theory]
    [InlineData("Đa Kao", new[] { "sai-gon", "tan-dinh" })]
    [InlineData("Nguyễn Thái Bình", new[] { "sai-gon", "ben-thanh" })]
    public void A_split_ward_has_several_successors_so_the_bot_can_ask(string typed, string[] expected)
    {
        var former = Assert.Single(units.Match(typed));
        Assert.Equal(expected.Order(), units.Current(former.Id, Today).Select(u => u.Id).Order());
    }

    [Fact]
    public void Every_active_ward_has_a_facebook_page_and_a_zalo_oa_and_teams()
    {
        foreach (var ward in units.ActiveOn(Today))
        {
            Assert.Contains(channels.ForWard(ward.Id), c => c.Platform == FacebookProfile.Id);
            Assert.Contains(channels.ForWard(ward.Id), c => c.Platform == ZaloProfile.Id);
            Assert.Contains(units.Teams, t => t.WardId == ward.Id);
        }
        Assert.Equal("sai-gon", units.FindTeam("sg01a1")?.WardId);
    }

    [Fact]
    public void Broken_unit_files_are_reported_with_file_and_line()
    {
        var dir = Directory.CreateTempSubdirectory("units-").FullName;
        Directory.CreateDirectory(Path.Combine(dir, "units"));
        File.WriteAllText(Path.Combine(dir, "units", "wards.yaml"), """
            units:
              - id: a
                name: "Phường A"
                valid_from: 2025-07-01
              - id: b
                name: "Phường B"
                valid_from: 2000-01-01
                valid_to: 2025-06-30
                successors: [khong-co]
                colour: red
            """);
        File.WriteAllText(Path.Combine(dir, "units", "teams.yaml"), """
            teams:
              - { code: abc, name: "Tổ", ward: z }
            """);

        var e = Assert.Throws<ContentException>(() => ContentCatalog.Load(dir, [new UnitContentLoader()]));

        Assert.Contains(e.Errors, x => x.File == "units/wards.yaml" && x.Line == 10 && x.Message.Contains("colour"));

        var wards = Path.Combine(dir, "units", "wards.yaml");
        File.WriteAllLines(wards, File.ReadAllLines(wards).Where(l => !l.Contains("colour")));
        e = Assert.Throws<ContentException>(() => ContentCatalog.Load(dir, [new UnitContentLoader()]));
        Assert.Contains(e.Errors, x => x.File == "units/wards.yaml" && x.Line == 5 && x.Message.Contains("khong-co"));
        Assert.Contains(e.Errors, x => x.File == "units/teams.yaml" && x.Line == 2 && x.Message.Contains("abc"));
    }
}
