using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Channels.Facebook;

/// <summary>
/// Meta answers every Graph call with the version that served it (header <c>facebook-api-version</c>); when it differs from
/// the one <see cref="FacebookOptions.GraphBaseUrl"/> names, the configured version has been retired or upgraded and calls
/// run on another one than expected (platforms.md §6). Logged as a warning once per version seen, for every Graph client.
/// </summary>
internal sealed class GraphVersionCheck(IOptions<FacebookOptions> options, ILogger<GraphVersionCheck> logger)
{
    public const string Header = "facebook-api-version";
    readonly ConcurrentDictionary<string, bool> warned = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The version the base URL names ("v25.0"), or null when it names none.</summary>
    public static string? Configured(Uri graphBaseUrl) =>
        graphBaseUrl.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .LastOrDefault(s => s.Length > 1 && s[0] is 'v' or 'V' && char.IsDigit(s[1]));

    public void Observe(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues(Header, out var values) && values.FirstOrDefault() is { Length: > 0 } served
            && Configured(options.Value.GraphBaseUrl) is { } configured
            && !string.Equals(served, configured, StringComparison.OrdinalIgnoreCase) && warned.TryAdd(served, true))
            logger.LogWarning("Graph API answered with version {Served} while Facebook:GraphBaseUrl names {Configured}: set a supported version",
                served, configured);
    }

    /// <summary>In each Graph client's handler chain.</summary>
    public sealed class Handler(GraphVersionCheck check) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var response = await base.SendAsync(request, ct);
            check.Observe(response);
            return response;
        }
    }
}
