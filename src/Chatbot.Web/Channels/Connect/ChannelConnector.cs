namespace Chatbot.Web.Channels.Connect;

/// <summary>
/// A platform's OAuth flow for connecting a ward channel from the console (Kênh → «Kết nối …»). The console owns the
/// single-use <c>state</c> (<see cref="OAuthStates"/>), the pages and the audit; the platform's folder registers one of
/// these and spells out its dialog, code exchange and account lookups (Channels/Facebook/FacebookConnector.cs…).
/// </summary>
internal interface IChannelConnector
{
    PlatformId Platform { get; }

    /// <summary>The console button: «Kết nối Trang Facebook», «Kết nối Zalo OA».</summary>
    string ConnectLabel { get; }

    /// <summary>What one account of this platform is called in sentences: "Trang", "OA".</summary>
    string AccountNoun { get; }

    /// <summary>The platform's consent dialog. <paramref name="codeChallenge"/> is set when <see cref="UsesPkce"/>.</summary>
    Uri DialogUrl(string state, Uri callback, string? codeChallenge);

    bool UsesPkce { get; }

    /// <summary>The dialog came back to the callback (with a code, or with a refusal): trade the code for tokens.
    /// Either the account is known (<see cref="ConnectStep.Connected"/>), or staff pick one of several
    /// (<see cref="ConnectStep.Choices"/>, with a <see cref="ConnectStep.Grant"/> kept server-side for <see cref="PickAsync"/>).</summary>
    Task<ConnectStep> ExchangeAsync(IQueryCollection callbackQuery, Uri callback, string? codeVerifier, CancellationToken ct);

    /// <summary>Staff picked <paramref name="accountId"/> among the choices: finish (tokens, subscriptions, profile).</summary>
    Task<ConnectStep> PickAsync(string grant, string accountId, CancellationToken ct);
}

/// <param name="AccountId">The platform's id of the account (Page id, OA id).</param>
/// <param name="Tier">Zalo: the OA's package (getoa package_name); null where the platform has none.</param>
/// <param name="Done">What was set up besides the tokens (webhook subscription, Messenger profile), for the audit and the notice.</param>
internal sealed record ConnectedAccount(string AccountId, string Name, string AccessToken, string RefreshToken, DateTimeOffset? ExpiresAt,
    string? Tier, DateTimeOffset? TierValidThrough, IReadOnlyList<string> Done);

internal sealed record AccountChoice(string Id, string Name);

/// <summary>One step of a connection: a plain-Vietnamese problem (nothing stored), a choice to make, or a connected account.</summary>
internal sealed record ConnectStep
{
    public string? Problem { get; init; }
    public string? Grant { get; init; }
    public IReadOnlyList<AccountChoice>? Choices { get; init; }
    public ConnectedAccount? Connected { get; init; }

    public static ConnectStep Fail(string problem) => new() { Problem = problem };
    public static ConnectStep Choose(string grant, IReadOnlyList<AccountChoice> choices) => new() { Grant = grant, Choices = choices };
    public static ConnectStep Done(ConnectedAccount account) => new() { Connected = account };
}
