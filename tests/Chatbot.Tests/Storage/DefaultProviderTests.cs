using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Chatbot.Tests.Storage;

/// <summary>
/// The suite runs twice (infra/scripts/test.sh): a test that names no provider runs on SQLite in pass 1 and on
/// PostgreSQL in pass 2 (CHATBOT_TEST_PROVIDER). This test's name carries the default, so each pass's output says
/// which provider it used, and it fails if an app started without a provider is not on that default.
/// </summary>
public sealed class DefaultProviderTests
{
    public static TheoryData<StorageProvider> Default => new() { TestDatabase.DefaultProvider };

    [Theory, MemberData(nameof(Default))]
    public async Task An_app_started_without_a_provider_runs_on_the_default_one(StorageProvider @default)
    {
        var named = Environment.GetEnvironmentVariable(TestDatabase.ProviderVariable);
        Assert.Equal(string.IsNullOrWhiteSpace(named) ? StorageProvider.Sqlite : Enum.Parse<StorageProvider>(named, ignoreCase: true), @default);

        await using var app = await ChatbotApp.StartAsync();
        Assert.Equal(@default, app.Database.Provider);
        await using var conn = await app.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        if (@default == StorageProvider.Postgres) Assert.IsAssignableFrom<NpgsqlConnection>(conn);
        else Assert.IsAssignableFrom<SqliteConnection>(conn);
    }
}
