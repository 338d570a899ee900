using Chatbot.Web.Quiz;
using Chatbot.Web.Storage;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Chatbot.Web.Pages.Admin;

/// <summary>
/// Post images uploaded in the console, under Storage:DataDirectory/uploads. An upload is kept only when it decodes as a
/// whole JPEG, PNG, WebP or GIF image (SkiaSharp) — what both Facebook and Zalo accept — never judged by its name, the
/// browser's content type or its first bytes: a file that starts "GIF89a" and goes on as HTML is refused. The type it
/// is served with comes from the decoder, and every response carries nosniff (Hosting/SecurityHeaders.cs).
/// </summary>
internal sealed class MediaStore(IOptions<StorageOptions> storage, IOptions<QuizOptions> site)
{
    public const long MaxBytes = 5 * 1024 * 1024;
    /// <summary>Decoding needs width × height × 4 bytes; larger photos than this are not needed for a post.</summary>
    public const long MaxPixels = 40_000_000;

    static readonly (string Ext, string Type, SKEncodedImageFormat Format)[] Kinds =
    [
        ("jpg", "image/jpeg", SKEncodedImageFormat.Jpeg),
        ("png", "image/png", SKEncodedImageFormat.Png),
        ("gif", "image/gif", SKEncodedImageFormat.Gif),
        ("webp", "image/webp", SKEncodedImageFormat.Webp),
    ];

    string Folder => Path.Combine(storage.Value.FullDataDirectory, "uploads");

    /// <summary>The public URL of the saved image, or a Vietnamese reason.</summary>
    public async Task<(string? Url, string? Error)> SaveAsync(IFormFile file, CancellationToken ct)
    {
        if (file.Length == 0) return (null, "Tệp ảnh rỗng.");
        if (file.Length > MaxBytes) return (null, $"Ảnh quá lớn ({file.Length / 1024.0 / 1024.0:0.0} MB); tối đa {MaxBytes / 1024 / 1024} MB.");
        var bytes = new byte[file.Length];
        await using (var s = file.OpenReadStream()) await s.ReadExactlyAsync(bytes, ct);
        var (kind, error) = Decode(bytes);
        if (error is not null) return (null, error);
        Directory.CreateDirectory(Folder);
        var name = $"{Guid.NewGuid():N}.{kind.Ext}";
        await File.WriteAllBytesAsync(Path.Combine(Folder, name), bytes, ct);
        return (new Uri(site.Value.PublicBaseUrl, "/media/" + name).ToString(), null);
    }

    /// <summary>Decodes every pixel (a JPEG at 1/8 scale: its whole stream is still read); anything short of a clean
    /// decode is refused.</summary>
    static ((string Ext, string Type, SKEncodedImageFormat Format) Kind, string? Error) Decode(byte[] bytes)
    {
        const string NotAnImage = "Tệp không phải ảnh JPEG, PNG, WebP hoặc GIF đọc được (hoặc ảnh bị hỏng).";
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null) return (default, NotAnImage);
        var kind = Kinds.FirstOrDefault(k => k.Format == codec.EncodedFormat);
        if (kind.Ext is null) return (default, NotAnImage);
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0) return (default, NotAnImage);
        if ((long)width * height > MaxPixels) return (default, $"Ảnh {width}×{height} điểm ảnh quá lớn; tối đa {MaxPixels / 1_000_000} triệu điểm ảnh.");
        var size = codec.GetScaledDimensions(0.125f);
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(info);
        return codec.GetPixels(info, bitmap.GetPixels()) == SKCodecResult.Success ? (kind, null) : (default, NotAnImage);
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
