using Chatbot.Simulator;
using Chatbot.Tests.Channels;
using Chatbot.Web.Channels.Facebook;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Channels.Facebook;

public sealed class MessengerProfileTests
{
    [Fact]
    public async Task The_messenger_profile_sets_get_started_greeting_and_the_menu()
    {
        await using var kit = await ChannelKit.StartAsync();
        var (ok, message) = await kit.App.Services.GetRequiredService<MessengerProfile>().SetUpAsync("sai-gon-facebook", default);
        Assert.True(ok, message);
        var profile = Assert.Single(kit.Simulator.Messaging().MessengerProfiles);
        Assert.Equal("GET_STARTED", profile["get_started"]!["payload"]!.GetValue<string>());
        Assert.True(profile["greeting"]![0]!["text"]!.GetValue<string>().Length <= 160);
        var menu = profile["persistent_menu"]![0]!["call_to_actions"]!.AsArray();
        Assert.Contains(menu, m => m!["payload"]!.GetValue<string>() == "Hỏi đáp");

        Assert.False((await kit.App.Services.GetRequiredService<MessengerProfile>().SetUpAsync("sai-gon-zalo", default)).Ok);
    }
}
