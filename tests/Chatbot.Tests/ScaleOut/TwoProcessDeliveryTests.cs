using System.Net.Http.Headers;
using System.Net.Http.Json;
using Chatbot.Simulator;
using Chatbot.Tests.Channels;
using Chatbot.Tests.Infrastructure;

namespace Chatbot.Tests.ScaleOut;

/// <summary>Issue 8: 200 deliveries due at once, two processes running Hangfire on one PostgreSQL, one killed mid-run.</summary>
[Collection(nameof(ScaleOutCollection))]
// PostgreSQL only, whatever the default provider: the second (PostgreSQL) pass of the suite leaves it out.
[Trait("Provider", "Postgres")]
public sealed class TwoProcessDeliveryTests
{
    [SkippableFact]
    public async Task Two_hundred_deliveries_due_at_once_are_published_once_even_when_one_process_is_killed()
    {
        TestDatabase.RequirePostgres();
        await using var pair = await TwoInstances.StartAsync(
            ("Broadcasting:StaleAfter", "00:00:10"), ("Broadcasting:ReconcileGrace", "00:00:10"), ("Broadcasting:LostJobAfter", "00:00:15"),
            ("Jobs:SchedulePollingInterval", "00:00:01"), ("Jobs:QueuePollInterval", "00:00:00.500"));
        var author = await pair.StaffTokenAsync("tac-gia", "DistrictAdmin");
        var approver = await pair.StaffTokenAsync("nguoi-duyet", "DistrictAdmin");

        // 50 posts × 4 wards' Facebook Pages = 200 deliveries, all due at the same minute; written and approved a few at
        // a time, as several officers would.
        var due = DateTimeOffset.UtcNow.AddSeconds(25).ToOffset(TimeSpan.FromHours(7));
        var ids = new long[50];
        var together = new ParallelOptions { MaxDegreeOfParallelism = 4 };
        await Parallel.ForEachAsync(Enumerable.Range(0, ids.Length), together, async (i, _) =>
        {
            var created = await SendAsync(pair, pair.A, author, HttpMethod.Post, "/api/posts", new
            {
                text = $"Bài tuyên truyền số {i}: chuyển đổi số lấy người dân làm trung tâm.",
                wards = new[] { "all" }, platforms = new[] { "facebook" }, at = due.ToString("yyyy-MM-dd'T'HH:mm:sszzz"), submit = true,
            });
            ids[i] = created.GetProperty("id").GetInt64();
        });
        await Parallel.ForEachAsync(ids, together, async (id, _) =>
            await SendAsync(pair, id % 2 == 0 ? pair.A : pair.B, approver, HttpMethod.Post, $"/api/posts/{id}/approve", new { }));

        // Kill A once publishing is under way; B must finish A's share without posting anything twice.
        await Eventually.TrueAsync(() => pair.Simulator.Pages().Posts.Count >= 40, "publishing under way", timeoutMs: 120_000);
        pair.A.Kill();

        await Eventually.TrueAsync(() => pair.Simulator.Pages().Posts.Count >= 200, "200 page posts", timeoutMs: 360_000);
        await Eventually.TrueAsync(async () =>
        {
            foreach (var id in ids)
            {
                var post = await SendAsync(pair, pair.B, author, HttpMethod.Get, $"/api/posts/{id}", null);
                if (post.GetProperty("deliveries").EnumerateArray().Any(d => d.GetProperty("state").GetString() != "published")) return false;
            }
            return true;
        }, "every delivery recorded as published", timeoutMs: 180_000);

        var posts = pair.Simulator.Pages().Posts;
        Assert.Equal(200, posts.Count);
        Assert.Equal(200, posts.Select(p => (p.PageId, p.Message)).Distinct().Count()); // each (post, page) exactly once
    }

    static async Task<System.Text.Json.JsonElement> SendAsync(TwoInstances pair, AppProcess to, string token, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, to.BaseUrl + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await pair.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return System.Text.Json.JsonDocument.Parse(text).RootElement.Clone();
    }
}
