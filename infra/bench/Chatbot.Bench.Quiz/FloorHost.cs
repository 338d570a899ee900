using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json;

namespace Chatbot.Bench.Quiz;

/// <summary>
/// Not a bot: Kestrel answering every POST with one canned ExpectedReplies body. The load generator shares the process
/// with the servers, so its own CPU (building, posting and parsing activities) plus Kestrel's is measured here and
/// subtracted from the quiz and echo CPU per turn.
/// </summary>
sealed class FloorHost : IAsyncDisposable
{
    readonly WebApplication app;
    public HttpClient Client { get; }

    FloorHost(WebApplication app, HttpClient client) { this.app = app; Client = client; }

    public static async Task<FloorHost> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var body = JsonConvert.SerializeObject(new ExpectedReplies([new Activity { Type = ActivityTypes.Message, Text = "1: A" }]));
        app.MapPost("/api/messages", async (HttpContext http) =>
        {
            // Read the body as a bot would have to, so the client's send is not cut short.
            await http.Request.Body.CopyToAsync(Stream.Null);
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FloorHost(app, new HttpClient { BaseAddress = new Uri(address) });
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.DisposeAsync();
    }
}
