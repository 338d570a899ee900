using Chatbot.Web.Channels;
using Chatbot.Web.Channels.Connect;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin;

/// <summary>
/// The explicit confirm step of «Ngắt kết nối» (the channel falls back to the file/configuration, or the sandbox) and
/// «Thay OA»/«Thay Trang» (a merged OA: the other account is authorised and replaces this one). Both are audited; a
/// channel outside the staff member's wards, or one not connected in the console, is 404.
/// </summary>
internal sealed class ChannelConfirmModel(ConnectFlow flow, ChannelConnections connections) : ConsolePage
{
    public const string Disconnect = "disconnect", Replace = "replace";

    public WardChannel Channel { get; private set; } = null!;
    public Connection Connection { get; private set; } = null!;
    public string Action { get; private set; } = "";
    public string Noun { get; private set; } = "";

    /// <summary>Set after «Tiếp tục thay …»: the platform's dialog (see _ContinueToPlatform).</summary>
    public Uri? ContinueTo { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? channel, string? action, CancellationToken ct) =>
        await LoadAsync(channel, action, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string? channel, string? action, CancellationToken ct)
    {
        if (!await LoadAsync(channel, action, ct)) return NotFound();
        if (Action == Replace)
        {
            var start = await flow.StartAsync(Staff, Channel.Id, ConnectModes.Replace, ChannelsModel.CallbackUrl(this), ct);
            if (start.Redirect is not { } to) return NotFound();
            ContinueTo = to;
            return Page();
        }
        await connections.DisconnectAsync(Channel, Staff, ct);
        TempData["Message"] = $"Đã ngắt kết nối {Noun} «{Connection.AccountName}» khỏi kênh {Channel.Id}. Mã truy cập đã xóa; kênh quay về cấu hình sẵn có (hoặc sandbox).";
        return Redirect("/admin/channels");
    }

    async Task<bool> LoadAsync(string? channel, string? action, CancellationToken ct)
    {
        if (action is not (Disconnect or Replace) || flow.Visible(Staff, channel) is not { } found
            || flow.ConnectorOf(found.Platform) is not { } connector || await connections.FindAsync(found.Id, ct) is not { } connection)
            return false;
        (Channel, Connection, Action, Noun) = (found, connection, action, connector.AccountNoun);
        return true;
    }
}
