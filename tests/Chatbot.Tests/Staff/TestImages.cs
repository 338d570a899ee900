using SkiaSharp;

namespace Chatbot.Tests.Staff;

/// <summary>Real images, encoded by SkiaSharp, for upload tests.</summary>
public static class TestImages
{
    public static byte[] Encode(SKEncodedImageFormat format, int width = 40, int height = 30)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap)) canvas.Clear(new SKColor(0xb3, 0x26, 0x1e));
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }
}
