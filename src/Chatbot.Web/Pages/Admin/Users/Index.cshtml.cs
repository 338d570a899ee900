using Chatbot.Web.Staff;
using Chatbot.Web.Wards;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin.Users;

/// <summary>DistrictAdmin only (folder convention): create users and reset passwords, with the same checks as the
/// admin create-user command. A reset or disabling an account ends the user's console sessions and revokes their API
/// tokens (StaffStore).</summary>
internal sealed class IndexModel(StaffStore staff, AuditLog audit, UnitDirectory units, TimeProvider clock) : ConsolePage
{
    public const int MinPassword = 8;

    public IReadOnlyList<StaffUser> Users { get; private set; } = [];
    public IReadOnlyList<Unit> AllWards { get; private set; } = [];
    public List<string> Errors { get; } = [];

    /// <summary>What the create form shows: what was typed after a refusal (never the password), and the least
    /// powerful role by default, so a hurried click never makes a district admin.</summary>
    public string? NewName { get; private set; }
    public string NewRole { get; private set; } = Roles.WardEditor;
    public string? NewWard { get; private set; }

    /// <summary>Roles from the least to the most powerful: the order of the role list.</summary>
    public static readonly string[] RolesByPower = [Roles.WardEditor, Roles.WardApprover, Roles.DistrictAdmin];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(string? name, string? role, string? ward, string? password, CancellationToken ct)
    {
        name = name?.Trim();
        (NewName, NewRole, NewWard) = (name, role ?? Roles.WardEditor, ward);
        role = Roles.All.FirstOrDefault(r => r == role);
        ward = role == Roles.DistrictAdmin || string.IsNullOrWhiteSpace(ward) ? null : ward;
        if (string.IsNullOrEmpty(name)) Errors.Add("Tên đăng nhập: chưa nhập.");
        if (role is null) Errors.Add("Vai trò: chọn một vai trò.");
        else if (role != Roles.DistrictAdmin && ward is null) Errors.Add($"Phường: vai trò {RoleName(role)} cần chọn phường.");
        if (ward is not null && units.Find(ward) is null) Errors.Add($"Phường: không có phường «{ward}».");
        if ((password ?? "").Length < MinPassword) Errors.Add($"Mật khẩu ban đầu: cần ít nhất {MinPassword} ký tự (hãy nhập lại).");
        if (name is { Length: > 0 } && await staff.FindAsync(name, ct) is not null) Errors.Add($"Tên đăng nhập: người dùng «{name}» đã có.");
        if (Errors.Count > 0) { await LoadAsync(ct); return Page(); }
        var id = await staff.CreateUserAsync(name!, role!, ward, password!, ct);
        await audit.WriteAsync(Staff.Name, "user.create", $"user:{id}", ward, $"{name} ({role})", ct);
        TempData["Message"] = $"Đã tạo người dùng {name}.";
        return Redirect("/admin/users");
    }

    public async Task<IActionResult> OnPostResetAsync(long id, string? password, CancellationToken ct)
    {
        if (await staff.FindAsync(id, ct) is not { } user) return NotFound();
        if ((password ?? "").Length < MinPassword) { Errors.Add($"Mật khẩu mới cần ít nhất {MinPassword} ký tự."); await LoadAsync(ct); return Page(); }
        await staff.SetPasswordAsync(id, password!, ct);
        await audit.WriteAsync(Staff.Name, "user.reset-password", $"user:{id}", user.WardId, user.Name, ct);
        TempData["Message"] = $"Đã đặt lại mật khẩu cho {user.Name} (và mở khóa nếu đang bị khóa); phiên đăng nhập và mã truy cập API cũ của họ đã hết hiệu lực.";
        return Redirect("/admin/users");
    }

    public async Task<IActionResult> OnPostDisableAsync(long id, bool disabled, CancellationToken ct)
    {
        if (await staff.FindAsync(id, ct) is not { } user) return NotFound();
        if (user.Id == Staff.Id) { Errors.Add("Không tự khóa tài khoản của mình."); await LoadAsync(ct); return Page(); }
        await staff.SetDisabledAsync(id, disabled, ct);
        await audit.WriteAsync(Staff.Name, disabled ? "user.disable" : "user.enable", $"user:{id}", user.WardId, user.Name, ct);
        TempData["Message"] = disabled ? $"Đã khóa tài khoản {user.Name}: phiên đăng nhập và mã truy cập API của họ đã hết hiệu lực."
            : $"Đã mở khóa tài khoản {user.Name}.";
        return Redirect("/admin/users");
    }

    async Task LoadAsync(CancellationToken ct)
    {
        Users = await staff.ListAsync(ct);
        AllWards = units.ActiveOn(VietnamTime.Today(clock));
    }
}
