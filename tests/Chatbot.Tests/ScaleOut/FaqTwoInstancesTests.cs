using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Chatbot.Tests.Infrastructure;
using Chatbot.Tests.Knowledge;
using Chatbot.Web.Conversations;
using Chatbot.Web.Knowledge;

namespace Chatbot.Tests.ScaleOut;

/// <summary>Issue 16: an FAQ edit made on one instance answers citizens on the other at once — two real app processes on
/// one PostgreSQL database, neither restarted.</summary>
[Collection(nameof(ScaleOutCollection))]
[Trait("Provider", "Postgres")]
public sealed class FaqTwoInstancesTests
{
    [SkippableFact]
    public async Task An_faq_edit_on_one_instance_is_answered_by_the_other_without_a_restart()
    {
        TestDatabase.RequirePostgres();
        await using var pair = await TwoInstances.StartAsync();
        var token = await pair.StaffTokenAsync("quan-faq", "DistrictAdmin");

        async Task<WebChatResponse> PostAsync(AppProcess instance, string? conversationId, string text)
        {
            var response = await pair.Http.PostAsJsonAsync(instance.BaseUrl + "/api/webchat", new { conversationId, text });
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<WebChatResponse>(FaqEditorApiTests.Json))!;
        }
        // A web chat citizen: the first call opens the conversation (the greeting), the second asks.
        async Task<string> AskAsync(AppProcess instance, string text)
        {
            var opened = await PostAsync(instance, null, "");
            var reply = await PostAsync(instance, opened.ConversationId, text);
            return string.Join("\n", reply.Replies.Select(r => r.Text));
        }
        async Task<HttpResponseMessage> SendAsync(AppProcess instance, HttpMethod method, string path, object? body = null)
        {
            using var request = new HttpRequestMessage(method, instance.BaseUrl + path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (body is not null) request.Content = JsonContent.Create(body);
            return await pair.Http.SendAsync(request);
        }

        // B has answered from its index once already: the edit must make it rebuild, not merely build late.
        Assert.Contains(FaqEditorApiTests.OldAnswerStart, await AskAsync(pair.B, FaqEditorApiTests.Asked));

        var got = await SendAsync(pair.A, HttpMethod.Get, $"/api/faq/{FaqEditorApiTests.EntryId}");
        var entry = (await got.Content.ReadFromJsonAsync<FaqDetail>(FaqEditorApiTests.Json))!.Entry;
        var put = await SendAsync(pair.A, HttpMethod.Put, $"/api/faq/{entry.Id}", new
        {
            version = entry.Version, question = entry.Question, answer = FaqEditorApiTests.NewAnswer,
            related = entry.Related, keywords = entry.Keywords, questions = entry.Questions,
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var onB = await AskAsync(pair.B, FaqEditorApiTests.Asked);
        Assert.Contains(FaqEditorApiTests.NewAnswer, onB);
        Assert.DoesNotContain(FaqEditorApiTests.OldAnswerStart, onB);

        // A stale save through B is refused: both instances see the same version.
        var stale = await SendAsync(pair.B, HttpMethod.Put, $"/api/faq/{entry.Id}", new { version = entry.Version, question = entry.Question, answer = "cũ" });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("quan-faq", await stale.Content.ReadAsStringAsync());
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
    }
}
