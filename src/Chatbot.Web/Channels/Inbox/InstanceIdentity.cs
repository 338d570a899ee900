using Microsoft.Extensions.Options;

namespace Chatbot.Web.Channels.Inbox;

/// <summary>This instance's name in inbox claims (<see cref="InboxOptions.InstanceId"/>): stable across its restarts, so
/// after a crash it recognises the events it had claimed and takes them back at once.</summary>
internal sealed class InstanceIdentity(string id)
{
    public string Id { get; } = id;

    /// <summary>The configured id, else the machine name and the URLs this process listens on (two processes on one machine
    /// listen on different ports; the same process restarted listens on the same ones).</summary>
    public static InstanceIdentity From(IOptions<InboxOptions> options, IConfiguration configuration) =>
        new(options.Value.InstanceId is { Length: > 0 } configured ? configured
            : $"{Environment.MachineName}|{configuration["urls"] ?? configuration["http_ports"] ?? "default"}");
}
