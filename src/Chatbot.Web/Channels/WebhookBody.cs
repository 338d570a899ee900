namespace Chatbot.Web.Channels;

internal static class WebhookBody
{
    /// <summary>Platform events are small; anything larger is refused before it is read in full.</summary>
    public const int MaxBytes = 256 * 1024;

    /// <summary>The raw bytes as sent (signatures are over these, never over re-serialised JSON), or null when over the limit.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    public static IResult TooLarge() => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Nội dung quá lớn",
        detail: $"Webhook bodies larger than {MaxBytes / 1024} KB are refused.");

    public static IResult BadSignature() => TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Chữ ký không hợp lệ",
        detail: "The webhook signature is missing or does not match; nothing was stored.");

    public static IResult Malformed(string detail) => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
        title: "JSON không hợp lệ", detail: detail);
}
