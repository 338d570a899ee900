using System.Net;
using System.Text;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Broadcasting;
using Chatbot.Web.Staff;
using Chatbot.Web.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Chatbot.Tests.Staff;

/// <summary>Console image uploads (issue 13, point 8): judged by decoding, served with nosniff, never left behind.</summary>
public sealed class UploadTests
{
    static async Task<HttpResponseMessage> ComposeWithImageAsync(ConsoleClient editor, byte[] image, string fileName, long? editId = null)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(await editor.TokenAsync("/admin/posts/new")), "__RequestVerificationToken" },
            { new StringContent("Bài có ảnh"), "Text" }, { new StringContent("sai-gon"), "Wards" }, { new StringContent("once"), "Mode" },
            { new StringContent("2026-11-27T08:00"), "At" }, { new StringContent("false"), "submit" },
            { new ByteArrayContent(image), "Image", fileName },
        };
        if (editId is { } id) form.Add(new StringContent(id.ToString(System.Globalization.CultureInfo.InvariantCulture)), "EditId");
        return await editor.Http.PostAsync("/admin/posts/new", form);
    }

    static string[] Uploaded(ChatbotApp app)
    {
        var folder = Path.Combine(app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.FullDataDirectory, "uploads");
        return Directory.Exists(folder) ? Directory.GetFiles(folder) : [];
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, "png", "image/png")]
    [InlineData(SKEncodedImageFormat.Jpeg, "jpg", "image/jpeg")]
    [InlineData(SKEncodedImageFormat.Webp, "webp", "image/webp")]
    public async Task A_real_image_is_kept_and_served_with_its_decoded_type_and_nosniff(SKEncodedImageFormat format, string ext, string type)
    {
        await using var app = await ChatbotApp.StartAsync();
        var editor = await ConsoleClient.SignInAsync(app, "bt-sai-gon", Roles.WardEditor, "sai-gon");
        var bytes = TestImages.Encode(format);
        Assert.Equal(HttpStatusCode.Redirect, (await ComposeWithImageAsync(editor, bytes, "anh.gif")).StatusCode); // the name does not matter
        var post = Assert.Single(await app.Services.GetRequiredService<PostStore>().ListAsync(null, null, null, default));
        Assert.EndsWith("." + ext, post.ImageUrl);
        using var served = await app.CreateClient().GetAsync(new Uri(post.ImageUrl!).AbsolutePath);
        Assert.Equal(type, served.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(bytes, await served.Content.ReadAsByteArrayAsync());
    }

    public static TheoryData<string, byte[]> NotImages => new()
    {
        { "GIF89a then HTML", Encoding.ASCII.GetBytes("GIF89a<html><body><script>alert(document.cookie)</script></body></html>") },
        { "a 1×1 GIF89a header then HTML", [.. "GIF89a"u8.ToArray(), 1, 0, 1, 0, 0, 0, 0, .. Encoding.ASCII.GetBytes("<html><script>alert(1)</script></html>")] },
        { "PNG signature then junk", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 1, 2, 3, 4, 5, 6, 7, 8, 9] },
        { "JPEG start then HTML", [0xFF, 0xD8, 0xFF, 0xE0, .. Encoding.ASCII.GetBytes("<html><script>alert(1)</script></html>")] },
        { "a truncated PNG", TestImages.Encode(SKEncodedImageFormat.Png, 200, 200)[..120] },
    };

    [Theory, MemberData(nameof(NotImages))]
    public async Task A_file_that_does_not_decode_is_refused_and_not_stored(string what, byte[] bytes)
    {
        await using var app = await ChatbotApp.StartAsync();
        var editor = await ConsoleClient.SignInAsync(app, "bt-sai-gon", Roles.WardEditor, "sai-gon");
        var response = await ComposeWithImageAsync(editor, bytes, "anh.gif");
        Assert.True(response.StatusCode == HttpStatusCode.OK, what);
        // Refused with a reason (a header may also claim more pixels than allowed: "GIF89a<h" reads as 26,684 wide).
        Assert.Matches("Tệp không phải ảnh JPEG, PNG, WebP hoặc GIF đọc được|điểm ảnh quá lớn", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.Empty(Uploaded(app));
        Assert.Empty(await app.Services.GetRequiredService<PostStore>().ListAsync(null, null, null, default));
    }

    [Fact]
    public async Task An_upload_with_an_edit_refused_as_not_found_or_forbidden_leaves_no_file()
    {
        await using var app = await ChatbotApp.StartAsync();
        var editor = await ConsoleClient.SignInAsync(app, "bt-sai-gon", Roles.WardEditor, "sai-gon");
        var other = await ConsoleClient.SignInAsync(app, "bt-tan-dinh", Roles.WardEditor, "tan-dinh");
        Assert.Equal(HttpStatusCode.Redirect, (await ComposeWithImageAsync(editor, TestImages.Encode(SKEncodedImageFormat.Png), "a.png")).StatusCode);
        var post = Assert.Single(await app.Services.GetRequiredService<PostStore>().ListAsync(null, null, null, default));
        var kept = Assert.Single(Uploaded(app));

        Assert.Equal(HttpStatusCode.NotFound, (await ComposeWithImageAsync(editor, TestImages.Encode(SKEncodedImageFormat.Jpeg), "b.jpg", editId: 9999)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ComposeWithImageAsync(other, TestImages.Encode(SKEncodedImageFormat.Jpeg), "c.jpg", editId: post.Id)).StatusCode);
        Assert.Equal([kept], Uploaded(app)); // only the first post's image
    }
}
