using Chatbot.Web.Conversations.Dialogs;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;

namespace Chatbot.Web.Conversations;

/// <summary>Bot Framework reads these top-level keys itself; this copy is for our own Development-only check.</summary>
public sealed class BotAuthOptions
{
    public string MicrosoftAppId { get; init; } = "";
}

internal static class ConversationsExtensions
{
    public static WebApplicationBuilder AddConversations(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<BotAuthOptions>().Bind(builder.Configuration);
        // The SDK's own authentication (a Production build refuses unauthenticated activities), with the outbound clients
        // it would build on every turn built once (ReusedClientsAuthentication).
        services.AddSingleton<BotFrameworkAuthentication>(sp => new ReusedClientsAuthentication(
            ActivatorUtilities.CreateInstance<ConfigurationBotFrameworkAuthentication>(sp)));
        // CloudAdapter's two constructors are ambiguous to DI, hence the explicit factory (design.md).
        services.AddOptions<BotTurnOptions>().BindConfiguration(BotTurnOptions.Section);
        services.AddSingleton<ConversationTurns>();
        services.AddSingleton(sp => new BotAdapter(
            sp.GetRequiredService<BotFrameworkAuthentication>(), sp.GetRequiredService<ILogger<BotAdapter>>(),
            sp.GetRequiredService<Content.MenuContent>(), sp.GetRequiredService<ConversationTurns>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<BotTurnOptions>>()));
        services.AddSingleton<IBotFrameworkHttpAdapter>(sp => sp.GetRequiredService<BotAdapter>());
        services.AddSingleton<CloudAdapter>(sp => sp.GetRequiredService<BotAdapter>());
        services.AddSingleton<DialogSet>();
        services.AddSingleton<MainMenu>();
        services.AddSingleton<ITopicTrigger>(sp => sp.GetRequiredService<MainMenu>());
        services.AddSingleton<EraseMyDataDialog>();
        services.AddSingleton<IDialog>(sp => sp.GetRequiredService<EraseMyDataDialog>());
        services.AddSingleton<ITopicTrigger>(sp => sp.GetRequiredService<EraseMyDataDialog>());
        services.AddTransient<IBot, ChatBot>();
        return builder;
    }

    /// <summary>Unauthenticated activities are a local-development convenience only (contract.md).</summary>
    public static void WarnAboutBotAuthentication(this WebApplication app)
    {
        var appId = app.Configuration["MicrosoftAppId"];
        if (!string.IsNullOrEmpty(appId)) return;
        if (app.Environment.IsDevelopment())
            app.Logger.LogWarning("MicrosoftAppId is empty: /api/messages accepts unauthenticated activities (Development only).");
        else
            app.Logger.LogWarning("MicrosoftAppId is empty outside Development: /api/messages refuses every activity until it is set.");
    }
}
