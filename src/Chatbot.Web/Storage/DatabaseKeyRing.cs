using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Storage;

/// <summary>
/// Keeps the ASP.NET Core Data Protection key ring in the app database (data_protection_keys), so every instance on the
/// database protects and unprotects with the same keys: a channel token encrypted by one instance is read by another,
/// and a staff cookie issued by one is accepted by the next. The database is the one thing all instances already share
/// and back up; a directory would need a shared volume. The keys are not encrypted in the table (no certificate or
/// KMS is assumed here), so the table is as secret as the tokens it protects — see docs/channels.md, "Channel tokens at rest".
/// </summary>
internal sealed class DatabaseXmlRepository(IDbConnectionFactory db) : IXmlRepository
{
    // Data Protection calls these synchronously, rarely (start-up, key ring refresh, key creation every ~90 days).
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var conn = db.OpenAsync().AsTask().GetAwaiter().GetResult();
        return conn.Query<string>("SELECT xml FROM data_protection_keys ORDER BY created_at, friendly_name")
            .Select(x => XElement.Parse(x)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var conn = db.OpenAsync().AsTask().GetAwaiter().GetResult();
        // Key names are GUIDs: two instances creating a first key at once keep both, which Data Protection handles.
        conn.Execute("""
            INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@friendlyName, @xml, @now)
            ON CONFLICT (friendly_name) DO NOTHING
            """, new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting), now = DateTimeOffset.UtcNow });
    }
}

internal static class DatabaseKeyRingExtensions
{
    /// <summary>One application name for all instances (the default derives it from the content root path, which may
    /// differ between hosts and would make their protectors incompatible).</summary>
    public const string ApplicationName = "Chatbot.Web";

    public static IServiceCollection AddDatabaseKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddOptions<KeyManagementOptions>().Configure<IDbConnectionFactory>((o, db) => o.XmlRepository = new DatabaseXmlRepository(db));
        return services;
    }
}
