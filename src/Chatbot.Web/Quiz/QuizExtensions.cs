using Chatbot.Web.Storage;
using Chatbot.Web.Content;
using Chatbot.Web.Conversations;
using Chatbot.Web.Conversations.Dialogs;

namespace Chatbot.Web.Quiz;

internal static class QuizExtensions
{
    public static WebApplicationBuilder AddQuiz(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<QuizOptions>().BindConfiguration(QuizOptions.Section);
        services.AddContentPart<QuizContentLoader, QuizCatalog>();
        services.AddSingleton<QuizStore>();
        services.AddSingleton<QuizEngine>();
        services.AddSingleton<QuizStandings>();
        services.AddSingleton<QuizLinks>();
        services.AddSingleton<PublicAddressCheck>();
        services.AddHostedService(sp => sp.GetRequiredService<PublicAddressCheck>());
        services.AddSingleton<TeamWorkflow>();
        services.AddSingleton<IDialog, QuizDialog>();
        services.AddSingleton<ITopicTrigger, QuizTrigger>();
        services.AddSingleton<IPersonalDataEraser, QuizPersonalData>();
        return builder;
    }
}
