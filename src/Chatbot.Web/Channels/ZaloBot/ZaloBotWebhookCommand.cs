namespace Chatbot.Web.Channels.ZaloBot;

/// <summary>
/// Points a bot at this service: <c>dotnet run --project src/Chatbot.Web -- admin zalo-bot-webhook --channel sai-gon-zalo-bot
/// --url https://&lt;host&gt;/webhooks/zalo-bot/sai-gon-zalo-bot</c>. Checks the token (getMe), then calls setWebhook with
/// the channel's secret (<see cref="ZaloBotSecret"/>), which Zalo sends back in X-Bot-Api-Secret-Token on every update.
/// </summary>
internal sealed class ZaloBotWebhookCommand(ChannelDirectory channels, ZaloBotSecret secret, ZaloBotClient client,
    Microsoft.Extensions.Options.IOptionsMonitor<ChannelSecretsOptions> secrets) : IAdminCommand
{
    public string Verb => "zalo-bot-webhook";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken ct)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        if (Arg("--channel") is not { } channelId || Arg("--url") is not { } url || !Uri.TryCreate(url, UriKind.Absolute, out var webhook))
        {
            Console.Error.WriteLine("usage: admin zalo-bot-webhook --channel <zalo bot channel id> --url https://<host>/webhooks/zalo-bot/<channel id>");
            return 2;
        }
        if (channels.Find(channelId) is not { } channel || channel.Platform != ZaloBotProfile.Id)
        {
            Console.Error.WriteLine($"'{channelId}' is not a Zalo bot channel in dialogs/units/wards.yaml (platform: {ZaloBotProfile.Id}).");
            return 1;
        }
        if (secrets.CurrentValue.GetValueOrDefault(channelId)?.AccessToken is not { Length: > 0 } token)
        {
            Console.Error.WriteLine($"{channelId} has no bot token: set Channels:{channelId}:AccessToken (environment or user-secrets).");
            return 1;
        }
        var (me, meError) = await client.CallAsync(token, "getMe", new { }, ct);
        if (me is null)
        {
            Console.Error.WriteLine($"The bot token of {channelId} was refused (getMe): {meError}");
            return 1;
        }
        var (_, error) = await client.CallAsync(token, "setWebhook", new { url = webhook.ToString(), secret_token = secret.For(channelId) }, ct);
        if (error is not null)
        {
            Console.Error.WriteLine($"setWebhook refused: {error}");
            return 1;
        }
        Console.WriteLine($"{channel.DisplayName} ({JsonFields.Text(me.Value, "account_name")}) now sends its updates to {webhook}.");
        return 0;
    }
}
