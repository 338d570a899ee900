using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chatbot.Bench.Quiz;

/// <summary>The baseline: the same SDK (CloudAdapter, ActivityHandler, ConversationState) on MemoryStorage, echoing.</summary>
sealed class EchoHost : IAsyncDisposable
{
    readonly WebApplication app;
    public HttpClient Client { get; }

    EchoHost(WebApplication app, HttpClient client) { this.app = app; Client = client; }

    public static async Task<EchoHost> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders(); // the copied appsettings.json says Information; console logging would be the benchmark
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<IStorage, MemoryStorage>();
        builder.Services.AddSingleton<ConversationState>();
        builder.Services.AddSingleton<BotFrameworkAuthentication, ConfigurationBotFrameworkAuthentication>();
        builder.Services.AddSingleton(sp => new CloudAdapter(sp.GetRequiredService<BotFrameworkAuthentication>(),
            sp.GetRequiredService<ILogger<CloudAdapter>>()));
        builder.Services.AddTransient<IBot, EchoBot>();
        var app = builder.Build();
        app.MapPost("/api/messages", (HttpContext http, CloudAdapter adapter, IBot bot) =>
            adapter.ProcessAsync(http.Request, http.Response, bot));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EchoHost(app, new HttpClient { BaseAddress = new Uri(address) });
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.DisposeAsync();
    }

    sealed class EchoBot(ConversationState state) : ActivityHandler
    {
        readonly IStatePropertyAccessor<int> count = state.CreateProperty<int>("count");

        protected override async Task OnMessageActivityAsync(ITurnContext<Microsoft.Bot.Schema.IMessageActivity> turn, CancellationToken ct)
        {
            var n = await count.GetAsync(turn, () => 0, ct) + 1;
            await count.SetAsync(turn, n, ct);
            await turn.SendActivityAsync($"{n}: {turn.Activity.Text}", cancellationToken: ct);
            await state.SaveChangesAsync(turn, false, ct);
        }
    }
}
