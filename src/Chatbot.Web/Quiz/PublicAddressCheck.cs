using System.Net;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Quiz;

/// <summary>
/// Quiz:PublicBaseUrl goes into every QR code and share link (the display board's, the posters'): left at its default or
/// set to a loopback address, a citizen's phone opens nothing. Said once in the log at start, and to DistrictAdmins on
/// every console page (Pages/Admin/_AdminLayout.cshtml).
/// </summary>
public sealed class PublicAddressCheck(IOptions<QuizOptions> options, ILogger<PublicAddressCheck> logger) : IHostedService
{
    public Uri Address => options.Value.PublicBaseUrl;

    /// <summary>True when the configured address can only be opened on this machine.</summary>
    public bool IsLocalOnly => IsLoopback(Address);

    public static bool IsLoopback(Uri address) =>
        address.IsLoopback
        || string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase)
        || address.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && (IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (IsLocalOnly)
            logger.LogWarning("Quiz:PublicBaseUrl is {Address}, a loopback address: QR codes and share links (display boards, posters, " +
                "chat share links) will not open on citizens' phones. Set Quiz:PublicBaseUrl to this service's public address.", Address);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
