using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Chatbot.Web.Hosting;

/// <summary>
/// Which reverse proxies may tell us the client's address and scheme (X-Forwarded-For / X-Forwarded-Proto). Empty (the
/// default) = none: the headers are ignored, so nobody can claim another address or HTTPS by sending them. The shipped
/// nginx, compose and systemd files set these.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. <c>127.0.0.1</c> (ForwardedHeaders:KnownProxies:0).</summary>
    public string[] KnownProxies { get; init; } = [];

    /// <summary>Proxy networks in CIDR form, e.g. <c>172.28.0.0/24</c> (ForwardedHeaders:KnownNetworks:0).</summary>
    public string[] KnownNetworks { get; init; } = [];

    public bool Enabled => KnownProxies.Length > 0 || KnownNetworks.Length > 0;

    public static bool IsValid(ProxyOptions o) =>
        o.KnownProxies.All(p => IPAddress.TryParse(p, out _)) && o.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _));

    public ForwardedHeadersOptions ToMiddlewareOptions()
    {
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        // The framework trusts loopback by default; here only what is configured is trusted.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var p in KnownProxies) options.KnownProxies.Add(IPAddress.Parse(p));
        foreach (var n in KnownNetworks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(n));
        return options;
    }
}
