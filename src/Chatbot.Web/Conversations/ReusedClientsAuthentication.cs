using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace Chatbot.Web.Conversations;

/// <summary>
/// The SDK's authentication with its outbound clients built once instead of on every turn. CloudAdapter asks for a
/// connector client (credentials + a REST client) and a user-token client for every activity, even an expectReplies
/// turn that never calls out, and disposes both after the turn: that was about a third of a quiz turn's CPU. Here the
/// clients are kept per bot app id (and per service URL and audience for connectors) and handed out behind wrappers
/// whose Dispose does nothing, as the SDK's older BotFrameworkAdapter kept its connector clients. Authentication itself
/// is untouched: every request still goes through the inner <see cref="BotFrameworkAuthentication"/>.
/// </summary>
public sealed class ReusedClientsAuthentication(BotFrameworkAuthentication inner) : BotFrameworkAuthentication
{
    /// <summary>App ids come from validated claims and service URLs from activities: a handful in practice. Past these
    /// bounds (e.g. Development accepting any service URL) clients are built per turn as the SDK does.</summary>
    const int MaxAppIds = 16, MaxConnectorsPerApp = 64;

    readonly ConcurrentDictionary<string, ReusedConnectorFactory> factories = new();
    readonly ConcurrentDictionary<string, Lazy<Task<UserTokenClient>>> tokenClients = new();

    public override async Task<AuthenticateRequestResult> AuthenticateRequestAsync(Activity activity, string authHeader,
        CancellationToken cancellationToken)
    {
        var result = await inner.AuthenticateRequestAsync(activity, authHeader, cancellationToken);
        result.ConnectorFactory = Reuse(result.ClaimsIdentity, result.ConnectorFactory);
        return result;
    }

    public override async Task<AuthenticateRequestResult> AuthenticateStreamingRequestAsync(string authHeader,
        string channelIdHeader, CancellationToken cancellationToken)
    {
        var result = await inner.AuthenticateStreamingRequestAsync(authHeader, channelIdHeader, cancellationToken);
        if (result.ConnectorFactory is not null) result.ConnectorFactory = Reuse(result.ClaimsIdentity, result.ConnectorFactory);
        return result;
    }

    public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) =>
        Reuse(claimsIdentity, inner.CreateConnectorFactory(claimsIdentity));

    public override async Task<UserTokenClient> CreateUserTokenClientAsync(ClaimsIdentity claimsIdentity,
        CancellationToken cancellationToken)
    {
        var key = AppIdOf(claimsIdentity);
        if (!tokenClients.TryGetValue(key, out var cached))
        {
            if (tokenClients.Count >= MaxAppIds) return await inner.CreateUserTokenClientAsync(claimsIdentity, cancellationToken);
            cached = tokenClients.GetOrAdd(key, _ => new Lazy<Task<UserTokenClient>>(async () =>
                new SharedUserTokenClient(await inner.CreateUserTokenClientAsync(claimsIdentity, CancellationToken.None))));
        }
        try { return await cached.Value; }
        catch
        {
            tokenClients.TryRemove(new KeyValuePair<string, Lazy<Task<UserTokenClient>>>(key, cached)); // retry next turn
            throw;
        }
    }

    public override Microsoft.Bot.Builder.Skills.BotFrameworkClient CreateBotFrameworkClient() => inner.CreateBotFrameworkClient();
    public override string GetOriginatingAudience() => inner.GetOriginatingAudience();
    public override Task<ClaimsIdentity> AuthenticateChannelRequestAsync(string authHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateChannelRequestAsync(authHeader, cancellationToken);

    ConnectorFactory Reuse(ClaimsIdentity identity, ConnectorFactory created)
    {
        var key = AppIdOf(identity);
        if (factories.TryGetValue(key, out var reused)) return reused;
        if (factories.Count >= MaxAppIds) return created;
        return factories.GetOrAdd(key, _ => new ReusedConnectorFactory(created));
    }

    /// <summary>The inner authentication builds its factories and token clients from the bot app id in the claims (the
    /// audience claim, else the appid claim; none when authentication is disabled in Development).</summary>
    static string AppIdOf(ClaimsIdentity identity) =>
        identity.Claims.FirstOrDefault(c => c.Type == AuthenticationConstants.AudienceClaim)?.Value
        ?? identity.Claims.FirstOrDefault(c => c.Type == AuthenticationConstants.AppIdClaim)?.Value
        ?? "";

    sealed class ReusedConnectorFactory(ConnectorFactory inner) : ConnectorFactory
    {
        readonly ConcurrentDictionary<(string ServiceUrl, string Audience), Lazy<Task<IConnectorClient>>> clients = new();

        /// <summary>Stands in for a missing serviceUrl: only an expectReplies activity gets here without one (/api/messages
        /// refuses the others with 400), and its replies come back in the response, so this client is never called.</summary>
        const string NoServiceUrl = "https://no-service-url.invalid/";

        public override async Task<IConnectorClient> CreateAsync(string serviceUrl, string audience, CancellationToken cancellationToken)
        {
            if (string.IsNullOrEmpty(serviceUrl)) serviceUrl = NoServiceUrl;
            var key = (serviceUrl ?? "", audience ?? "");
            if (!clients.TryGetValue(key, out var cached))
            {
                if (clients.Count >= MaxConnectorsPerApp) return await inner.CreateAsync(serviceUrl, audience, cancellationToken);
                cached = clients.GetOrAdd(key, _ => new Lazy<Task<IConnectorClient>>(async () =>
                    new SharedConnectorClient(await inner.CreateAsync(serviceUrl, audience, CancellationToken.None))));
            }
            try { return await cached.Value; }
            catch
            {
                clients.TryRemove(new KeyValuePair<(string, string), Lazy<Task<IConnectorClient>>>(key, cached)); // retry next turn
                throw;
            }
        }
    }

    /// <summary>A connector client used by many turns at once (its REST client and credentials are thread-safe); the
    /// adapter's per-turn Dispose must not close it.</summary>
    sealed class SharedConnectorClient(IConnectorClient inner) : IConnectorClient
    {
        public Uri BaseUri { get => inner.BaseUri; set => inner.BaseUri = value; }
        public Newtonsoft.Json.JsonSerializerSettings SerializationSettings => inner.SerializationSettings;
        public Newtonsoft.Json.JsonSerializerSettings DeserializationSettings => inner.DeserializationSettings;
        public Microsoft.Rest.ServiceClientCredentials Credentials => inner.Credentials;
        public IAttachments Attachments => inner.Attachments;
        public IConversations Conversations => inner.Conversations;
        public void Dispose() { }
    }

    /// <summary>A user-token client shared by turns; the adapter's per-turn Dispose must not close it.</summary>
    sealed class SharedUserTokenClient(UserTokenClient inner) : UserTokenClient
    {
        public override Task<TokenResponse> GetUserTokenAsync(string userId, string connectionName, string channelId,
            string magicCode, CancellationToken cancellationToken) =>
            inner.GetUserTokenAsync(userId, connectionName, channelId, magicCode, cancellationToken);

        public override Task<SignInResource> GetSignInResourceAsync(string connectionName, Activity activity,
            string finalRedirect, CancellationToken cancellationToken) =>
            inner.GetSignInResourceAsync(connectionName, activity, finalRedirect, cancellationToken);

        public override Task SignOutUserAsync(string userId, string connectionName, string channelId,
            CancellationToken cancellationToken) =>
            inner.SignOutUserAsync(userId, connectionName, channelId, cancellationToken);

        public override Task<TokenStatus[]> GetTokenStatusAsync(string userId, string channelId, string includeFilter,
            CancellationToken cancellationToken) =>
            inner.GetTokenStatusAsync(userId, channelId, includeFilter, cancellationToken);

        public override Task<Dictionary<string, TokenResponse>> GetAadTokensAsync(string userId, string connectionName,
            string[] resourceUrls, string channelId, CancellationToken cancellationToken) =>
            inner.GetAadTokensAsync(userId, connectionName, resourceUrls, channelId, cancellationToken);

        public override Task<TokenResponse> ExchangeTokenAsync(string userId, string connectionName, string channelId,
            TokenExchangeRequest exchangeRequest, CancellationToken cancellationToken) =>
            inner.ExchangeTokenAsync(userId, connectionName, channelId, exchangeRequest, cancellationToken);

        protected override void Dispose(bool disposing) { }
    }
}
