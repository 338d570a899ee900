using Microsoft.Playwright;

namespace Chatbot.BrowserTests;

/// <summary>
/// Issue 16 in a real browser against the app process and the platform simulator: a ward officer adds a community tech
/// team and opens its QR code and poster; edits the ward's office hours and hotline, and the next Messenger citizen who
/// asks for a person is told those hours and that hotline.
/// </summary>
public sealed class TeamsBrowserTests(DeskFixture app) : IClassFixture<DeskFixture>
{
    static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);

    static readonly string[] DayCodes = ["CN", "T2", "T3", "T4", "T5", "T6", "T7"];
    static readonly string[] DayNames = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];

    async Task<IPage> SignInAsync(string user, string ward)
    {
        await StaffUsers.CreateAsync(app.Database, user, "WardEditor", ward);
        return await app.SignInAsync(user, 1024, 900);
    }

    [SkippableFact]
    public async Task A_ward_officer_adds_a_team_and_opens_its_qr_code_and_poster()
    {
        BrowserFixture.RequireChromium();
        var page = await SignInAsync("to-sai-gon", "sai-gon");
        await page.GetByRole(AriaRole.Link, new() { Name = "Tổ công nghệ số" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Tổ công nghệ số cộng đồng");
        await page.GetByLabel("Tên tổ").FillAsync("Tổ công nghệ số khu phố Bến Nghé");
        await page.GetByRole(AriaRole.Button, new() { Name = "Thêm tổ" }).ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Tổ công nghệ số khu phố Bến Nghé");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("mã SG04A1");
        var qr = page.GetByRole(AriaRole.Img, new() { Name = $"Mã QR của đường dẫn http://localhost:5000/q/SG04A1" });
        await Assertions.Expect(qr.Locator("svg")).ToBeVisibleAsync();
        var box = await qr.Locator("svg").BoundingBoxAsync();
        Assert.True(box is { Width: > 100, Height: > 100 }, "the QR code is drawn large enough to scan");
        await page.AssertAccessibleAsync("team-page");

        await page.GetByRole(AriaRole.Link, new() { Name = "Áp phích A4 để in" }).ClickAsync();
        await Assertions.Expect(page.Locator(".ward")).ToHaveTextAsync("Phường Sài Gòn");
        await Assertions.Expect(page.Locator(".poster .qr svg")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("team-poster");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator(".tools")).ToBeHiddenAsync(); // on paper: the poster only
        await page.ScreenshotAsync(new() { Path = Shot("team-poster-print.png"), FullPage = true });

        // The public link plays the quiz for the new team.
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
        await page.GotoAsync("/q/SG04A1");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("Tổ công nghệ số khu phố Bến Nghé · mã SG04A1");
    }

    [SkippableFact]
    public async Task Office_hours_edited_in_the_console_are_what_the_desk_tells_the_next_citizen()
    {
        BrowserFixture.RequireChromium();
        // Tomorrow's weekday only, so that now is outside office hours whatever the time of the run.
        var tomorrow = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh")).AddDays(1).DayOfWeek;
        var page = await SignInAsync("gio-sai-gon", "sai-gon");
        await page.GetByRole(AriaRole.Link, new() { Name = "Thông tin phường" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Sửa thông tin Phường Sài Gòn" }).ClickAsync();

        await page.GetByLabel("Đường dây nóng").FillAsync("không có số");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu thông tin" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Số đường dây nóng «không có số» không hợp lệ");
        await page.AssertAccessibleAsync("ward-details-errors");

        await page.GetByLabel("Giờ làm việc").FillAsync($"{DayCodes[(int)tomorrow]} 08:00-11:00");
        await page.GetByLabel("Đường dây nóng").FillAsync("028 3829 1234");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu thông tin" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã lưu thông tin Phường Sài Gòn");
        await Assertions.Expect(page.Locator("table")).ToContainTextAsync($"{DayNames[(int)tomorrow]} 08:00–11:00");

        var citizen = app.Citizen("psid-hours");
        await citizen.SaysAsync("gặp cán bộ");
        await Wait.UntilAsync(() => citizen.Texts().Any(t => t.Contains("Cán bộ trả lời trong giờ làm việc")), "the offer");
        Assert.Contains(citizen.Texts(), t => t.Contains($"Cán bộ trả lời trong giờ làm việc: {DayNames[(int)tomorrow]} 08:00–11:00"));
        await citizen.SaysAsync("Đồng ý");
        await Wait.UntilAsync(() => citizen.Texts().Any(t => t.Contains("Đã chuyển cho cán bộ")), "the hand-off");
        var handedOver = citizen.Texts().First(t => t.Contains("Đã chuyển cho cán bộ"));
        Assert.Contains($"ngoài giờ làm việc ({DayNames[(int)tomorrow]} 08:00–11:00)", handedOver);
        Assert.Contains("đường dây nóng của phường: 028 3829 1234", handedOver);
    }
}
