using System.Text.RegularExpressions;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Pages.Admin;
using YamlDotNet.RepresentationModel;

namespace Chatbot.Tests.Hosting;

/// <summary>The shipped deploy files agree with the app (issue 13, points 4 and 16).</summary>
public sealed partial class DeployFilesTests
{
    static string Deploy(string file) => File.ReadAllText(Path.Combine(AppProcess.RepositoryRoot(), "infra", "deploy", file));

    static YamlMappingNode Compose()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(Deploy("compose.yaml")));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node)[key];

    /// <summary>A service's own key, or the one it takes from an anchor (`<<: *app`, which compose resolves).</summary>
    static YamlNode Field(YamlMappingNode service, string key) =>
        service.Children.TryGetValue(new YamlScalarNode(key), out var own) ? own : Field((YamlMappingNode)service["<<"], key);

    [Fact]
    public void Every_app_container_mounts_the_same_uploads_volume_and_trusts_only_the_proxy_network()
    {
        var services = Map(Compose(), "services");
        var apps = services.Children.Where(s => s.Key.ToString().StartsWith("app", StringComparison.Ordinal)).ToList();
        Assert.True(apps.Count >= 2);
        foreach (var (_, service) in apps)
        {
            var mounts = ((YamlSequenceNode)Field((YamlMappingNode)service, "volumes")).Select(v => v.ToString()).ToList();
            Assert.Contains("uploads:/srv/chatbot/data/uploads", mounts); // Dockerfile's WORKDIR + Storage:DataDirectory "data" + uploads
            Assert.Equal("172.28.0.0/24", ((YamlMappingNode)Field((YamlMappingNode)service, "environment"))["ForwardedHeaders__KnownNetworks__0"].ToString());
        }
        Assert.Contains("uploads", Map(Compose(), "volumes").Children.Keys.Select(k => k.ToString()));
        Assert.Contains("WORKDIR /srv/chatbot", Deploy("Dockerfile"));
        Assert.Contains("Environment=ForwardedHeaders__KnownProxies__0=127.0.0.1", Deploy("systemd/chatbot@.service"));
    }

    // Issue 18: the files use the conventions the service honours, and readiness rather than a bare liveness.
    [Fact]
    public void Compose_and_systemd_listen_by_the_aspnetcore_variables_and_wait_for_readiness()
    {
        var services = Map(Compose(), "services");
        foreach (var (name, service) in services.Children.Where(s => s.Key.ToString().StartsWith("app", StringComparison.Ordinal)))
        {
            var environment = (YamlMappingNode)Field((YamlMappingNode)service, "environment");
            Assert.Equal("8080", environment["ASPNETCORE_HTTP_PORTS"].ToString());
            Assert.DoesNotContain(environment.Children.Keys, k => k.ToString() == "Urls");
            Assert.Contains("http://127.0.0.1:8080/health/ready", Field((YamlMappingNode)service, "healthcheck")["test"].ToString());
            Assert.Equal("service_healthy", Map(Map(Map(services, "proxy"), "depends_on"), name.ToString())["condition"].ToString());
        }
        var unit = Deploy("systemd/chatbot@.service");
        Assert.Contains("Environment=ASPNETCORE_URLS=http://127.0.0.1:%i", unit);
        Assert.Contains("http://127.0.0.1:%i/health/ready", unit);
        Assert.DoesNotContain("Environment=Urls=", unit);
        Assert.DoesNotContain("\"Urls\"", File.ReadAllText(Path.Combine(AppProcess.RepositoryRoot(), "appsettings.json")));
    }

    [Theory]
    [InlineData("nginx/compose.conf")]
    [InlineData("nginx/chatbot.conf")]
    public void Nginx_accepts_a_full_size_console_image_with_its_form(string file)
    {
        var limit = BodyLimit().Match(Deploy(file));
        Assert.True(limit.Success, file);
        var bytes = long.Parse(limit.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * (limit.Groups[2].Value.ToLowerInvariant() == "m" ? 1024 * 1024 : 1024);
        Assert.True(bytes >= MediaStore.MaxBytes + 256 * 1024, $"{file}: {bytes} bytes < the compose page's {MediaStore.MaxBytes + 256 * 1024}");
        Assert.True(bytes <= 16 * 1024 * 1024, $"{file}: {bytes} bytes is far more than anything the app takes");
        Assert.Contains("X-Forwarded-Proto", Deploy(file));
    }

    [GeneratedRegex(@"client_max_body_size\s+(\d+)([mMkK]);")]
    private static partial Regex BodyLimit();
}
