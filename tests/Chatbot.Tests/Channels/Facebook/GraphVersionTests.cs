using System.Text.Json;
using Chatbot.Simulator;
using Chatbot.Tests.Channels;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Channels.Facebook;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chatbot.Tests.Channels.Facebook;

/// <summary>The Graph version lives in configuration only (platforms.md §6: v21.0 expires 21 Jan 2027, v25.0 is supported
/// until 29 Jul 2028); an answer served by another version than the configured one is logged.</summary>
public sealed class GraphVersionTests
{
    [Fact]
    public void The_default_graph_base_url_names_v25_in_the_options_and_in_appsettings()
    {
        Assert.Equal(new Uri("https://graph.facebook.com/v25.0"), new FacebookOptions().GraphBaseUrl);
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.json")));
        Assert.Equal("https://graph.facebook.com/v25.0", settings.RootElement.GetProperty("Facebook").GetProperty("GraphBaseUrl").GetString());
    }

    [Theory]
    [InlineData("v26.0", 1)]
    [InlineData(null, 0)] // the simulator answers with the version the request named
    public async Task A_graph_answer_served_by_another_version_is_logged_once(string? served, int warnings)
    {
        await using var kit = await ChannelKit.StartAsync(configure: a => a.WithServices(s => s.AddLogging(b => b.AddFakeLogging())));
        kit.Simulator.State.GraphVersionServed = served;

        using (await kit.PostFacebookAsync(ChannelKit.MessengerText("psid-v1", "mid.v1", "xin chào"))) { }
        using (await kit.PostFacebookAsync(ChannelKit.MessengerText("psid-v2", "mid.v2", "xin chào"))) { }
        // Wait until the app has finished both sends (their outbound_log rows), not only until the simulator saw them:
        // the version header is read when the response comes back.
        var log = kit.App.Services.GetRequiredService<Chatbot.Web.Channels.Outbound.OutboundLog>();
        await Eventually.TrueAsync(async () => (await log.ListAsync(FacebookProfile.Id, default)) is var rows
            && rows.Where(r => r.Status == "sent").Select(r => r.Recipient).Distinct().Count() == 2 && rows.All(r => r.Status != "sending"), "both answered");

        var logged = kit.App.Services.GetFakeLogCollector().GetSnapshot()
            .Where(r => r.Level == LogLevel.Warning && r.Message.Contains("Facebook:GraphBaseUrl names v25.0")).ToList();
        Assert.Equal(warnings, logged.Count);
        if (warnings > 0) Assert.Contains("v26.0", logged[0].Message);
    }
}
