using Chatbot.Web.Channels.Facebook;
using Chatbot.Web.Channels.Zalo;

namespace Chatbot.Web.Channels;

internal static class ChannelsExtensions
{
    public static WebApplicationBuilder AddChannels(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<FacebookOptions>().BindConfiguration(FacebookOptions.Section);
        builder.Services.AddOptions<ZaloOptions>().BindConfiguration(ZaloOptions.Section);
        builder.Services.AddSingleton<IChannelTokens, ConfiguredChannelTokens>();
        return builder;
    }
}
