using System.Security.Cryptography;
using System.Text;
using Chatbot.Simulator;
using Chatbot.Tests.Channels;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Storage;

namespace Chatbot.Tests.ScaleOut;

/// <summary>
/// Two real app processes (`dotnet Chatbot.Web.dll`) on one fresh PostgreSQL database, both pointed at one platform
/// simulator, as behind a load balancer. Signed webhooks are posted over real HTTP.
/// </summary>
public sealed class TwoInstances : IAsyncDisposable
{
    public required TestDatabase Database { get; init; }
    public required PlatformSimulator Simulator { get; init; }
    public required AppProcess A { get; init; }
    public required AppProcess B { get; init; }
    public required IReadOnlyList<KeyValuePair<string, string?>> Settings { get; init; }
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static async Task<TwoInstances> StartAsync(params (string Key, string? Value)[] extra)
    {
        var database = await TestDatabase.CreateAsync(StorageProvider.Postgres);
        var simulator = await PlatformSimulator.StartAsync();
        var settings = database.Settings().Concat(
        [
            new("Facebook:AppSecret", ChannelKit.AppSecret),
            new("Facebook:GraphBaseUrl", simulator.GraphBaseUrl),
            new("Zalo:ApiBaseUrl", simulator.ZaloApiBaseUrl),
            new("Channels:sai-gon-facebook:AccessToken", "fb-page-token"),
            new("Channels:tan-dinh-facebook:AccessToken", "fb-page-token"),
            new("Channels:ben-thanh-facebook:AccessToken", "fb-page-token"),
            new("Channels:cau-ong-lanh-facebook:AccessToken", "fb-page-token"),
            new("Inbox:PollInterval", "00:00:00.200"),
            new("Inbox:Lease", "00:00:05"),
            new("Logging:LogLevel:Default", "Warning"),
        ]).Concat(extra.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value))).ToList();
        // Started one after the other: the second finds the schema migrated (both would wait on the advisory lock anyway).
        var a = await AppProcess.StartAsync(settings);
        var b = await AppProcess.StartAsync(settings);
        return new TwoInstances { Database = database, Simulator = simulator, A = a, B = b, Settings = settings };
    }

    /// <summary>Posts a Messenger webhook signed with the app secret to one instance; true when it was accepted.</summary>
    public async Task<bool> PostMessengerAsync(AppProcess instance, string body)
    {
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(ChannelKit.AppSecret), Encoding.UTF8.GetBytes(body)));
        using var request = new HttpRequestMessage(HttpMethod.Post, instance.BaseUrl + "/webhooks/facebook")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Hub-Signature-256", signature);
        try
        {
            using var response = await Http.SendAsync(request);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException) when (instance.HasExited) { return false; }
    }

    /// <summary>Creates a staff user and returns a personal API token, through the real admin commands.</summary>
    public async Task<string> StaffTokenAsync(string user, string role, string? ward = null)
    {
        string[] create = ["admin", "create-user", "--user", user, "--role", role, .. ward is null ? Array.Empty<string>() : ["--ward", ward], "--password-stdin"];
        var (code, output) = await AppProcess.RunCommandAsync(Settings, create, "mat-khau-that-dai-" + user + "\n");
        Assert.True(code == 0, output);
        (code, output) = await AppProcess.RunCommandAsync(Settings, ["admin", "create-token", "--user", user]);
        Assert.True(code == 0, output);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Last(l => l.Length >= 20 && !l.Contains(' '));
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Simulator.DisposeAsync();
        await Database.DisposeAsync();
        Http.Dispose();
    }
}
