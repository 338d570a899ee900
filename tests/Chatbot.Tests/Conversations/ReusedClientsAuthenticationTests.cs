using System.Net;
using System.Security.Claims;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Conversations;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace Chatbot.Tests.Conversations;

public sealed class ReusedClientsAuthenticationTests
{
    [Fact]
    public async Task Outbound_clients_are_built_once_per_app_and_service_url_and_outlive_the_turns_that_dispose_them()
    {
        var inner = new CountingAuthentication();
        var auth = new ReusedClientsAuthentication(inner);
        var activity = new Activity { Type = ActivityTypes.Message, ServiceUrl = "https://a.example" };

        var first = await auth.AuthenticateRequestAsync(activity, "", default);
        var second = await auth.AuthenticateRequestAsync(activity, "", default);
        var c1 = await first.ConnectorFactory.CreateAsync("https://a.example", "scope", default);
        c1.Dispose(); // what CloudAdapter does at the end of every turn
        var c2 = await second.ConnectorFactory.CreateAsync("https://a.example", "scope", default);
        var other = await second.ConnectorFactory.CreateAsync("https://b.example", "scope", default);
        var trusted = await auth.CreateConnectorFactory(first.ClaimsIdentity).CreateAsync("https://a.example", "scope", default);

        Assert.Equal(2, inner.ConnectorsBuilt); // a.example once, b.example once
        Assert.Same(c1.Conversations, c2.Conversations);
        Assert.Same(c1.Conversations, trusted.Conversations);
        Assert.NotSame(c1.Conversations, other.Conversations);
        Assert.All(inner.Connectors, c => Assert.False(c.Disposed));

        var t1 = await auth.CreateUserTokenClientAsync(first.ClaimsIdentity, default);
        t1.Dispose();
        var t2 = await auth.CreateUserTokenClientAsync(second.ClaimsIdentity, default);
        Assert.Equal(1, inner.TokenClientsBuilt);
        Assert.False(inner.TokenClients.Single().Disposed);
        Assert.Equal("token-for-u1", (await t2.GetUserTokenAsync("u1", "conn", "web", null!, default)).Token);

        // Another bot app id (a skill's claims) gets its own clients.
        var otherApp = new ClaimsIdentity([new Claim(AuthenticationConstants.AudienceClaim, "app-2")]);
        await auth.CreateConnectorFactory(otherApp).CreateAsync("https://a.example", "scope", default);
        await auth.CreateUserTokenClientAsync(otherApp, default);
        Assert.Equal(3, inner.ConnectorsBuilt);
        Assert.Equal(2, inner.TokenClientsBuilt);
    }

    [Fact]
    public async Task A_request_the_inner_authentication_refuses_is_refused()
    {
        var auth = new ReusedClientsAuthentication(new CountingAuthentication { Refuse = true });
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
            auth.AuthenticateRequestAsync(new Activity { Type = ActivityTypes.Message }, "", default));
    }

    [Fact]
    public async Task With_an_app_id_outside_development_an_activity_without_a_token_is_refused_by_the_sdk()
    {
        await using var app = await ChatbotApp.StartAsync(configure: a => a
            .With("environment", "Production")
            .With("MicrosoftAppId", "00000000-0000-0000-0000-000000000001")
            .With("MicrosoftAppPassword", "not-a-real-secret"));
        using var response = await app.CreateClient().PostAsync("/api/messages", new StringContent(
            """{"type":"message","text":"hi","serviceUrl":"http://localhost","channelId":"emulator","conversation":{"id":"c1"},"from":{"id":"u1"},"recipient":{"id":"bot"}}""",
            System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    sealed class CountingAuthentication : BotFrameworkAuthentication
    {
        public bool Refuse { get; init; }
        public List<FakeConnector> Connectors { get; } = [];
        public List<FakeTokenClient> TokenClients { get; } = [];
        public int ConnectorsBuilt => Connectors.Count;
        public int TokenClientsBuilt => TokenClients.Count;

        public override Task<AuthenticateRequestResult> AuthenticateRequestAsync(Activity activity, string authHeader, CancellationToken ct)
        {
            if (Refuse) throw new UnauthorizedAccessException();
            var identity = new ClaimsIdentity([new Claim(AuthenticationConstants.AudienceClaim, "app-1")]);
            return Task.FromResult(new AuthenticateRequestResult { ClaimsIdentity = identity, ConnectorFactory = CreateConnectorFactory(identity) });
        }

        public override Task<AuthenticateRequestResult> AuthenticateStreamingRequestAsync(string authHeader, string channelIdHeader, CancellationToken ct) =>
            throw new NotSupportedException();

        public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) => new Factory(this);

        public override Task<UserTokenClient> CreateUserTokenClientAsync(ClaimsIdentity claimsIdentity, CancellationToken ct)
        {
            var client = new FakeTokenClient();
            TokenClients.Add(client);
            return Task.FromResult<UserTokenClient>(client);
        }

        sealed class Factory(CountingAuthentication owner) : ConnectorFactory
        {
            public override Task<IConnectorClient> CreateAsync(string serviceUrl, string audience, CancellationToken ct)
            {
                var client = new FakeConnector(new Uri(serviceUrl));
                owner.Connectors.Add(client);
                return Task.FromResult<IConnectorClient>(client);
            }
        }
    }

    sealed class FakeConnector(Uri baseUri) : IConnectorClient
    {
        readonly ConnectorClient real = new(baseUri, MicrosoftAppCredentials.Empty);
        public bool Disposed { get; private set; }
        public Uri BaseUri { get => real.BaseUri; set => real.BaseUri = value; }
        public Newtonsoft.Json.JsonSerializerSettings SerializationSettings => real.SerializationSettings;
        public Newtonsoft.Json.JsonSerializerSettings DeserializationSettings => real.DeserializationSettings;
        public Microsoft.Rest.ServiceClientCredentials Credentials => real.Credentials;
        public IAttachments Attachments => real.Attachments;
        public IConversations Conversations => real.Conversations;
        public void Dispose() => Disposed = true;
    }

    sealed class FakeTokenClient : UserTokenClient
    {
        public bool Disposed { get; private set; }
        public override Task<TokenResponse> GetUserTokenAsync(string userId, string connectionName, string channelId, string magicCode, CancellationToken ct) =>
            Task.FromResult(new TokenResponse { Token = "token-for-" + userId });
        public override Task<SignInResource> GetSignInResourceAsync(string connectionName, Activity activity, string finalRedirect, CancellationToken ct) => throw new NotSupportedException();
        public override Task SignOutUserAsync(string userId, string connectionName, string channelId, CancellationToken ct) => throw new NotSupportedException();
        public override Task<TokenStatus[]> GetTokenStatusAsync(string userId, string channelId, string includeFilter, CancellationToken ct) => throw new NotSupportedException();
        public override Task<Dictionary<string, TokenResponse>> GetAadTokensAsync(string userId, string connectionName, string[] resourceUrls, string channelId, CancellationToken ct) => throw new NotSupportedException();
        public override Task<TokenResponse> ExchangeTokenAsync(string userId, string connectionName, string channelId, TokenExchangeRequest exchangeRequest, CancellationToken ct) => throw new NotSupportedException();
        protected override void Dispose(bool disposing) => Disposed = true;
    }
}
