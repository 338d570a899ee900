using System.Net;
using System.Text.RegularExpressions;
using Chatbot.Simulator;
using Chatbot.Tests.Infrastructure;
using Chatbot.Tests.Staff;

namespace Chatbot.Tests.Channels.Connect;

/// <summary>The console's connection flow driven over HTTP as a browser would: the console (in-process app) redirects to
/// the simulator's consent dialog (a real HTTP server), which redirects back to the console's callback.</summary>
public static partial class ConnectKit
{
    public const string FacebookAppId = "987654321";
    public const string NewPageId = "200000000000777";
    public const string NewPageName = "Phường Sài Gòn (Trang chính thức)";

    public static Task<ChannelKit> StartAsync(Action<ChatbotApp>? configure = null) => ChannelKitWithLogin(configure);

    static async Task<ChannelKit> ChannelKitWithLogin(Action<ChatbotApp>? configure)
    {
        var simulator = await PlatformSimulator.StartAsync();
        simulator.FacebookLogin().ManagedPages[NewPageId] = NewPageName;
        simulator.FacebookLogin().ManagedPages["200000000000888"] = "Câu lạc bộ thanh niên";
        return await ChannelKit.StartAsync(configure: a =>
        {
            a.With("Facebook:AppId", FacebookAppId).With("Facebook:DialogUrl", simulator.FacebookDialogUrl)
                .With("Zalo:PermissionUrl", simulator.ZaloPermissionUrl);
            configure?.Invoke(a);
        }, simulator: simulator);
    }

    /// <summary>Presses «Kết nối …» for <paramref name="channel"/> and follows the dialog back: the callback's URL (path and query).</summary>
    public static async Task<string> DialogAsync(ConsoleClient console, string channel, string? mode = null)
    {
        var fields = new Dictionary<string, string> { ["channel"] = channel };
        if (mode is not null) fields["mode"] = mode;
        using var start = await console.PostFormAsync("/admin/channels", "/admin/channels?handler=Connect", fields);
        return await FollowDialogAsync(await ContinueLinkAsync(start));
    }

    /// <summary>The console answers «Kết nối …» with a page that moves on to the platform's dialog (meta refresh and a
    /// link: its CSP keeps forms, and redirects answering them, on this site).</summary>
    public static async Task<Uri> ContinueLinkAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var link = Regex.Match(html, "<a class=\"button\" data-continue href=\"([^\"]+)\"");
        Assert.True(link.Success, "no link to the platform's dialog");
        var url = WebUtility.HtmlDecode(link.Groups[1].Value);
        Assert.Contains($"<meta http-equiv=\"refresh\" content=\"0;url={link.Groups[1].Value}\"", html);
        return new Uri(url);
    }

    /// <summary>The simulator's dialog answers at once with a redirect to our callback.</summary>
    public static async Task<string> FollowDialogAsync(Uri dialog)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var answer = await http.GetAsync(dialog);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var back = answer.Headers.Location!;
        Assert.Equal("/admin/channels/callback", back.AbsolutePath);
        return back.PathAndQuery;
    }

    /// <summary>Picks a Page on the callback page whose HTML is <paramref name="pickPage"/> (its own antiforgery token and state).</summary>
    public static async Task<HttpResponseMessage> PickAsync(ConsoleClient console, string pickPage, string pageId) =>
        await console.Http.PostAsync("/admin/channels/callback?handler=Pick", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Field(pickPage, "__RequestVerificationToken"), ["state"] = Field(pickPage, "state"), ["account"] = pageId,
        }));

    public static string Field(string html, string name) =>
        Regex.Match(html, $"<input[^>]*name=\"{Regex.Escape(name)}\"[^>]*>") is { Success: true } input
        && Regex.Match(input.Value, "value=\"([^\"]+)\"") is { Success: true } m
            ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException($"no field {name} in the page");

    public static async Task<string> TextAsync(this ConsoleClient console, string url) => WebUtility.HtmlDecode(await console.Http.GetStringAsync(url));

    /// <summary>The Kênh page's row of a channel, as text.</summary>
    public static async Task<string> RowAsync(ConsoleClient console, string channel)
    {
        var html = WebUtility.HtmlDecode(await console.Http.GetStringAsync("/admin/channels"));
        var m = Regex.Match(html, $"<tr data-channel=\"{Regex.Escape(channel)}\">(.*?)</tr>", RegexOptions.Singleline);
        Assert.True(m.Success, $"no row for {channel}");
        return Regex.Replace(Regex.Replace(m.Groups[1].Value, "<[^>]+>", " "), @"\s+", " ");
    }
}
