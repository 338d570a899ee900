using Chatbot.Web.Staff;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Pages.Admin;

/// <summary>Personal API tokens: everyone lists, creates and revokes their own; a DistrictAdmin lists and revokes
/// anyone's. Another user's token answers 404 to a ward member (as if absent). Every change is audited.</summary>
internal sealed class TokensModel(StaffTokens tokens, AuditLog audit, IOptions<StaffOptions> options, TimeProvider clock) : ConsolePage
{
    public IReadOnlyList<StaffToken> Tokens { get; private set; } = [];
    public string? NewToken { get; private set; }
    public DateTimeOffset? NewTokenExpires { get; private set; }
    public int LifetimeDays => (int)options.Value.TokenLifetime.TotalDays;

    public bool IsLive(StaffToken t) => t.RevokedAt is null && t.ExpiresAt > clock.GetUtcNow();

    public string StateOf(StaffToken t) =>
        t.RevokedAt is { } r ? "đã thu hồi " + Local(r) : t.ExpiresAt <= clock.GetUtcNow() ? "đã hết hạn" : "đang dùng được";

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var (token, expires) = await tokens.CreateAsync(Staff.Id, ct);
        await audit.WriteAsync(Staff.Name, "token.create", $"user:{Staff.Id}", Staff.WardId, $"hết hạn {VietnamTime.Format(expires)}", ct);
        (NewToken, NewTokenExpires) = (token, expires);
        await LoadAsync(ct);
        return Page(); // shown once, in this answer only (never in a redirect's TempData)
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken ct)
    {
        var token = (await tokens.ListAsync(Staff.IsDistrictAdmin ? null : Staff.Id, ct)).FirstOrDefault(t => t.Id == id);
        if (token is null) return NotFound();
        if (await tokens.RevokeAsync(id, Staff.IsDistrictAdmin ? null : Staff.Id, ct))
            await audit.WriteAsync(Staff.Name, "token.revoke", $"user:{token.UserId}", Staff.IsDistrictAdmin ? null : Staff.WardId, $"mã #{id} của {token.UserName}", ct);
        TempData["Message"] = $"Đã thu hồi mã #{id} của {token.UserName}.";
        return Redirect("/admin/tokens");
    }

    async Task LoadAsync(CancellationToken ct) => Tokens = await tokens.ListAsync(Staff.IsDistrictAdmin ? null : Staff.Id, ct);
}
