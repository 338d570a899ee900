using System.Net;
using System.Text;
using Chatbot.Tests.Infrastructure;

namespace Chatbot.Tests.Conversations;

/// <summary>/api/messages with an app id configured (issue 13, point 7): any bad Authorization is 401, never 500; the
/// header is checked before the body is read, and the body is capped before it is read.</summary>
public sealed class BotAuthenticationTests
{
    const string Activity = """{"type":"message","text":"xin chào","channelId":"webchat","serviceUrl":"https://webchat.botframework.com/","from":{"id":"u1"},"recipient":{"id":"bot"},"conversation":{"id":"c1"}}""";

    static string Jwt(string payload) =>
        $"{B64("""{"alg":"RS256","typ":"JWT","kid":"x"}""")}.{B64(payload)}.{B64("not-a-signature")}";

    static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static TheoryData<string?> BadHeaders => new()
    {
        null, "", "Bearer", "Bearer abc", "Bearer a.b.c", "Basic dXNlcjpwYXNz", "Bearer " + new string('x', 5000),
        "Bearer " + Jwt("""{"iss":"https://api.botframework.com","aud":"app-id","exp":1000000000}"""), // expired in 2001
        "Bearer " + Jwt("""{"iss":"https://api.botframework.com","aud":"app-id"}"""),                  // no expiry
    };

    [Theory, MemberData(nameof(BadHeaders)), Trait("Storage", "None")] // the header check runs before any storage
    public async Task A_bad_authorization_header_is_401_problem_details(string? header)
    {
        await using var app = await ChatbotApp.StartAsync(configure: a => a.With("MicrosoftAppId", "app-id").With("MicrosoftAppPassword", "secret"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(Activity, Encoding.UTF8, "application/json") };
        if (header is not null) request.Headers.TryAddWithoutValidation("Authorization", header);
        using var response = await app.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>
    /// Posts a chunked body that would be 20 MB over a raw connection, reading the answer while it writes (HttpClient
    /// gives up on an answer that comes before its body is sent); returns the status and how much left the client.
    /// </summary>
    static async Task<(int Status, long Sent)> SendEndlessAsync(AppProcess app, string? authorization)
    {
        var uri = new Uri(app.BaseUrl);
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        var stream = tcp.GetStream();
        var head = $"POST /api/messages HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
            + (authorization is null ? "" : $"Authorization: {authorization}\r\n") + "\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var answer = Task.Run(async () =>
        {
            var buffer = new byte[4096];
            var text = new StringBuilder();
            while (!text.ToString().Contains("\r\n\r\n") && await stream.ReadAsync(buffer) is var n and > 0) text.Append(Encoding.ASCII.GetString(buffer, 0, n));
            return int.Parse(text.ToString().Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        });
        var data = Encoding.ASCII.GetBytes("{\"type\":\"message\",\"text\":\"" + new string('a', 64 * 1024));
        var chunk = Encoding.ASCII.GetBytes($"{data.Length:x}\r\n").Concat(data).Concat("\r\n"u8.ToArray()).ToArray();
        long sent = 0;
        try
        {
            while (sent < 20 * 1024 * 1024 && !answer.IsCompleted)
            {
                await stream.WriteAsync(chunk).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
                sent += data.Length;
            }
        }
        catch (IOException) { } // the server closed the connection after answering
        catch (TimeoutException) { } // the server stopped reading: the answer must be there
        return (await answer.WaitAsync(TimeSpan.FromSeconds(30)), sent);
    }

    [Fact, Trait("Storage", "None")] // refused or capped before a byte reaches storage
    public async Task A_huge_unauthenticated_body_is_refused_before_it_is_read_and_an_unauthenticated_local_one_is_capped()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var secured = await AppProcess.StartAsync(database.Settings()
            .Append(new("MicrosoftAppId", "app-id")).Append(new("MicrosoftAppPassword", "secret")), environment: "Production"))
        {
            var (status, sent) = await SendEndlessAsync(secured, "Bearer abc");
            Assert.Equal(401, status);
            Assert.True(sent < 20 * 1024 * 1024, $"{sent} bytes were sent before the 401"); // answered long before the body ended
        }
        await using var local = await AppProcess.StartAsync(database.Settings()); // Development, no app id: no authentication
        var (capped, bytes) = await SendEndlessAsync(local, null);
        Assert.Equal(413, capped);
        Assert.True(bytes < 20 * 1024 * 1024, $"{bytes} bytes were sent before the 413"); // (socket buffers hold a few MB)
    }
}
