using Chatbot.Web.Quiz;
using Chatbot.Web.Storage;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Pages.Admin;

/// <summary>
/// Post images uploaded in the console, under Storage:DataDirectory/uploads. The type is decided by the file's first
/// bytes (JPEG, PNG, WebP, GIF — what both Facebook and Zalo accept), never by the name or the browser's content type.
/// </summary>
internal sealed class MediaStore(IOptions<StorageOptions> storage, IOptions<QuizOptions> site)
{
    public const long MaxBytes = 5 * 1024 * 1024;

    static readonly (string Ext, string Type, byte[] Magic)[] Kinds =
    [
        ("jpg", "image/jpeg", [0xFF, 0xD8, 0xFF]),
        ("png", "image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        ("gif", "image/gif", "GIF8"u8.ToArray()),
        ("webp", "image/webp", "RIFF"u8.ToArray()),
    ];

    string Folder => Path.Combine(storage.Value.FullDataDirectory, "uploads");

    /// <summary>The public URL of the saved image, or a Vietnamese reason.</summary>
    public async Task<(string? Url, string? Error)> SaveAsync(IFormFile file, CancellationToken ct)
    {
        if (file.Length == 0) return (null, "Tệp ảnh rỗng.");
        if (file.Length > MaxBytes) return (null, $"Ảnh quá lớn ({file.Length / 1024.0 / 1024.0:0.0} MB); tối đa {MaxBytes / 1024 / 1024} MB.");
        var head = new byte[12];
        await using (var s = file.OpenReadStream()) await s.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        var kind = Kinds.FirstOrDefault(k => head.AsSpan().StartsWith(k.Magic) && (k.Ext != "webp" || head.AsSpan(8, 4).SequenceEqual("WEBP"u8)));
        if (kind.Ext is null) return (null, "Chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF.");
        Directory.CreateDirectory(Folder);
        var name = $"{Guid.NewGuid():N}.{kind.Ext}";
        await using (var target = File.Create(Path.Combine(Folder, name))) await file.CopyToAsync(target, ct);
        return (new Uri(site.Value.PublicBaseUrl, "/media/" + name).ToString(), null);
    }

    public (string Path, string ContentType)? Find(string file)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(file, "^[0-9a-f]{32}\\.(jpg|png|gif|webp)$")) return null;
        var path = Path.Combine(Folder, file);
        return File.Exists(path) ? (path, Kinds.First(k => file.EndsWith("." + k.Ext, StringComparison.Ordinal)).Type) : null;
    }

    public void DeleteByUrl(string url)
    {
        var file = url[(url.LastIndexOf('/') + 1)..];
        if (Find(file) is { } found) File.Delete(found.Path);
    }
}
