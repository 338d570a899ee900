namespace Chatbot.Web.Staff;

/// <summary>
/// <c>admin create-user --user NAME --role ROLE [--ward WARD_ID] --password-stdin</c> and
/// <c>admin create-token --user NAME</c>, <c>admin revoke-token --user NAME</c> (contract.md). Run after migrations,
/// without the server; safe beside a running instance (they only write a few rows).
/// </summary>
internal static class AdminCommands
{
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var staff = app.Services.GetRequiredService<StaffStore>();
        var tokens = app.Services.GetRequiredService<StaffTokens>();
        var audit = app.Services.GetRequiredService<AuditLog>();
        var units = app.Services.GetRequiredService<Wards.UnitDirectory>();
        var ct = CancellationToken.None;
        string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

        switch (args)
        {
            case ["create-user", ..]:
            {
                var name = Option("--user");
                var role = Roles.All.FirstOrDefault(r => string.Equals(r, Option("--role"), StringComparison.OrdinalIgnoreCase));
                var ward = Option("--ward");
                if (string.IsNullOrWhiteSpace(name) || role is null || !args.Contains("--password-stdin"))
                    return Fail("Cách dùng: admin create-user --user TÊN --role DistrictAdmin|WardEditor|WardApprover [--ward MÃ_PHƯỜNG] --password-stdin");
                if (role != Roles.DistrictAdmin && ward is null) return Fail($"Vai trò {role} cần --ward (mã phường, ví dụ sai-gon).");
                if (ward is not null && units.Find(ward) is null) return Fail($"Không có phường '{ward}'.");
                var password = (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n') ?? "";
                if (password.Length < 8) return Fail("Mật khẩu cần ít nhất 8 ký tự (đọc từ stdin).");
                if (await staff.FindAsync(name, ct) is not null) return Fail($"Người dùng '{name}' đã có.");
                var id = await staff.CreateUserAsync(name, role, role == Roles.DistrictAdmin ? null : ward, password, ct);
                await audit.WriteAsync("admin-cli", "user.create", $"user:{id}", ward, $"{name} ({role})", ct);
                Console.WriteLine($"Đã tạo người dùng {name} ({role}{(ward is null ? "" : ", " + ward)}), id {id}.");
                return 0;
            }
            case ["create-token", ..]:
            {
                var name = Option("--user");
                if (string.IsNullOrWhiteSpace(name)) return Fail("Cách dùng: admin create-token --user TÊN");
                var user = await staff.FindAsync(name, ct);
                if (user is null) return Fail($"Không có người dùng '{name}'.");
                var (token, expires) = await tokens.CreateAsync(user.Id, ct);
                await audit.WriteAsync("admin-cli", "token.create", $"user:{user.Id}", user.WardId, $"hết hạn {VietnamTime.Format(expires)}", ct);
                Console.Error.WriteLine($"Mã truy cập của {user.Name}, dùng được đến {VietnamTime.Format(expires)} (giờ Việt Nam):");
                Console.WriteLine(token); // printed alone on stdout so scripts can capture it; stored only hashed
                return 0;
            }
            case ["revoke-token", ..]:
            {
                var name = Option("--user");
                if (string.IsNullOrWhiteSpace(name)) return Fail("Cách dùng: admin revoke-token --user TÊN");
                var user = await staff.FindAsync(name, ct);
                if (user is null) return Fail($"Không có người dùng '{name}'.");
                var revoked = await tokens.RevokeAllAsync(user.Id, ct);
                await audit.WriteAsync("admin-cli", "token.revoke", $"user:{user.Id}", user.WardId, $"{revoked} mã", ct);
                Console.WriteLine($"Đã thu hồi {revoked} mã truy cập của {user.Name}.");
                return 0;
            }
            default:
                return Fail("Lệnh quản trị: create-user, create-token, revoke-token (xem docs/broadcasting.md).");
        }
    }

    static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}
