using Chatbot.Web.Content;

namespace Chatbot.Web.Wards;

internal static class WardsExtensions
{
    public static WebApplicationBuilder AddWards(this WebApplicationBuilder builder)
    {
        builder.Services.AddContentPart<UnitContentLoader, UnitDirectory>();
        builder.Services.AddSingleton<WardRegistry>();
        builder.Services.AddSingleton<WardDetailsWorkflow>();
        builder.Services.AddSingleton<UnitsTransfer>();
        builder.Services.AddSingleton<WardContact>();
        builder.Services.AddSingleton<Conversations.Dialogs.IDialog, Conversations.ChooseWardDialog>();
        return builder;
    }
}
