using System.Buffers;

namespace Chatbot.Web.Channels;

internal static class WebhookBody
{
    /// <summary>Platform events are small; anything larger is refused before it is read in full.</summary>
    public const int MaxBytes = 256 * 1024;

    /// <summary>The raw bytes as sent (signatures are over these, never over re-serialised JSON), or null when over the
    /// limit. Read once into a pooled buffer (sized by Content-Length when given): the hot path allocates no copy.</summary>
    public static async Task<RawBody?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes) return null;
        var buffer = ArrayPool<byte>.Shared.Rent((int)(request.ContentLength ?? 4096) + 1); // +1: a full buffer means more may follow
        var length = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(length), ct)) > 0)
            {
                length += read;
                if (length > MaxBytes) { ArrayPool<byte>.Shared.Return(buffer); return null; }
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        return new RawBody(buffer, length);
    }

    public static IResult TooLarge() => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Nội dung quá lớn",
        detail: $"Webhook bodies larger than {MaxBytes / 1024} KB are refused.");

    public static IResult BadSignature() => TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Chữ ký không hợp lệ",
        detail: "The webhook signature is missing or does not match; nothing was stored.");

    public static IResult Malformed(string detail) => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
        title: "JSON không hợp lệ", detail: detail);
}

/// <summary>A webhook body in a pooled buffer; dispose to give the buffer back (nothing may keep a reference to it).</summary>
internal sealed class RawBody(byte[] buffer, int length) : IDisposable
{
    byte[]? rented = buffer;

    public ReadOnlyMemory<byte> Memory => (rented ?? throw new ObjectDisposedException(nameof(RawBody))).AsMemory(0, length);
    public ReadOnlySpan<byte> Span => Memory.Span;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref rented, null) is { } b) ArrayPool<byte>.Shared.Return(b);
    }
}
