using QRCoder;

namespace Chatbot.Web.Quiz;

/// <summary>QR codes as inline SVG, the way the display board makes them (Pages/Display): for the team page and poster.</summary>
public static class QrCodes
{
    public static string Svg(string url, int pixelsPerModule = 4)
    {
        using var qr = new QRCodeGenerator().CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(qr).GetGraphic(pixelsPerModule);
    }
}
