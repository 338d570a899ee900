using System.Data.Common;

namespace Chatbot.Web.Storage;

/// <summary>Opens connections to the app database; stores take this, never a provider type.</summary>
public interface IDbConnectionFactory
{
    SqlDialect Dialect { get; }
    ValueTask<DbConnection> OpenAsync(CancellationToken ct = default);
}
