using System.Net;
using System.Text.Json;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Storage;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Hosting;

/// <summary>Issue 18, ops conventions: the service listens where the operator says (appsettings.json no longer pins
/// Urls over them) and answers liveness and readiness apart.</summary>
public sealed class ListenAndHealthTests
{
    [Theory]
    [InlineData(AppProcess.ListenBy.UrlsVariable)]      // ASPNETCORE_URLS=http://127.0.0.1:PORT and nothing else
    [InlineData(AppProcess.ListenBy.HttpPortsVariable)] // ASPNETCORE_HTTP_PORTS=PORT (every interface)
    [InlineData(AppProcess.ListenBy.UrlsArgument)]      // dotnet Chatbot.Web.dll --urls http://127.0.0.1:PORT
    public async Task The_service_listens_where_the_operator_says_and_is_live_and_ready_there(AppProcess.ListenBy listen)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = await AppProcess.StartAsync(database.Settings(), listen: listen); // waits for /health at that address
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };

        using var live = await http.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var ready = await http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var checks = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
        Assert.Equal(["data-directory", "database"], checks.EnumerateObject().Select(c => c.Name).Order());
        Assert.Contains("migrations applied", checks.GetProperty("database").GetProperty("Description").GetString());
    }

    [Fact]
    public async Task A_database_with_a_migration_missing_is_live_but_not_ready()
    {
        await using var app = await ChatbotApp.StartAsync();
        using var http = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);

        await using (var conn = await app.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync())
            await conn.ExecuteAsync("DELETE FROM schema_migrations WHERE number = (SELECT MAX(number) FROM schema_migrations)");

        using var ready = await http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("1 migration(s) not applied", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/health")).StatusCode);
        // Liveness asks no dependency: a load balancer takes the instance out, systemd/compose do not restart it.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
    }
}
