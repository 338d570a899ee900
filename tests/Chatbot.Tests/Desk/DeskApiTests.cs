using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chatbot.Tests.Channels;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Desk;
using Chatbot.Web.Staff;
using Chatbot.Web.Storage;

namespace Chatbot.Tests.Desk;

/// <summary>/api/inbox with Bearer tokens: list, read, reply (sent once, in order), close; 404 across wards; ProblemDetails.</summary>
public sealed class DeskApiTests
{
    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_ward_officer_lists_reads_answers_and_closes_through_the_api(StorageProvider provider)
    {
        await using var kit = await ChannelKit.StartAsync(provider);
        var thread = await kit.HandOffAsync(t => kit.MessengerSaysAsync("psid-api", t), "psid-api", 0);
        var api = await kit.App.StaffApiAsync("api-sg", Roles.WardApprover, "sai-gon");

        var waiting = await api.GetFromJsonAsync<JsonElement>("/api/inbox?state=waiting");
        var row = Assert.Single(waiting.EnumerateArray());
        Assert.Equal(thread.Id, row.GetProperty("id").GetInt64());
        Assert.Equal("Messenger · Phường Sài Gòn", row.GetProperty("channelName").GetString());
        Assert.Equal("còn 24 giờ để trả lời trên Messenger", row.GetProperty("window").GetProperty("summary").GetString());

        // Two replies at once: both stored, both sent, in the order they were stored, each exactly once.
        var first = api.PostAsJsonAsync($"/api/inbox/{thread.Id}/reply", new { text = "Tin thứ nhất" });
        var second = api.PostAsJsonAsync($"/api/inbox/{thread.Id}/reply", new { text = "Tin thứ hai" });
        using (var a = await first) Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        using (var b = await second) Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        var answers = kit.TextsTo("facebook", "psid-api").Where(t => t.StartsWith("Tin thứ")).ToList();
        var stored = (await kit.MessagesAsync(thread.Id)).Where(m => m.Author == Authors.Staff).ToList();
        Assert.Equal(stored.Select(m => m.Text), answers);
        Assert.Equal(2, answers.Count);
        Assert.All(stored, m => Assert.Equal(DeskDelivery.Sent, m.Status));

        var detail = await api.GetFromJsonAsync<JsonElement>($"/api/inbox/{thread.Id}");
        Assert.Equal("open", detail.GetProperty("state").GetString());
        Assert.Contains(detail.GetProperty("messages").EnumerateArray(), m => m.GetProperty("text").GetString() == "Tin thứ hai"
            && m.GetProperty("status").GetString() == "sent" && m.GetProperty("authorName").GetString() == "Cán bộ api-sg");

        using (var empty = await api.PostAsJsonAsync($"/api/inbox/{thread.Id}/reply", new { text = "  " }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
            Assert.Equal("application/problem+json", empty.Content.Headers.ContentType?.MediaType);
            Assert.Contains("chưa nhập nội dung", await empty.Content.ReadAsStringAsync());
        }
        using (var bad = await api.GetAsync("/api/inbox?state=all")) Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        var other = await kit.App.StaffApiAsync("api-td", Roles.WardEditor, "tan-dinh");
        using (var hidden = await other.GetAsync($"/api/inbox/{thread.Id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
            Assert.Contains("Không tìm thấy cuộc trò chuyện", await hidden.Content.ReadAsStringAsync());
        }
        using (var forged = await other.PostAsJsonAsync($"/api/inbox/{thread.Id}/reply", new { text = "giả" }))
            Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        using (var closeOther = await other.PostAsync($"/api/inbox/{thread.Id}/close", null)) Assert.Equal(HttpStatusCode.NotFound, closeOther.StatusCode);
        using (var wardOther = await other.GetAsync("/api/inbox?ward=sai-gon")) Assert.Equal(HttpStatusCode.NotFound, wardOther.StatusCode);
        Assert.Empty((await other.GetFromJsonAsync<JsonElement>("/api/inbox?state=open")).EnumerateArray());

        using (var closed = await api.PostAsync($"/api/inbox/{thread.Id}/close", null))
        {
            Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
            Assert.Equal("closed", (await closed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        }
        using (var again = await api.PostAsync($"/api/inbox/{thread.Id}/close", null)) Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Single(kit.TextsTo("facebook", "psid-api"), t => t.StartsWith("Cán bộ phường đã kết thúc"));
        using (var late = await api.PostAsJsonAsync($"/api/inbox/{thread.Id}/reply", new { text = "Sau khi đóng" }))
            Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);

        using (var anonymous = await kit.App.CreateClient().GetAsync("/api/inbox")) Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_reply_whose_request_times_out_is_unknown_and_never_resent()
    {
        await using var kit = await ChannelKit.StartAsync(configure: a => a.With("Outbound:Timeout", "00:00:01"));
        var thread = await kit.HandOffAsync(t => kit.MessengerSaysAsync("psid-slow", t), "psid-slow", 0);
        var api = await kit.App.StaffApiAsync("api-sg", Roles.WardEditor, "sai-gon");
        // The platform takes the message but its answer never comes back in time.
        kit.Simulator.Faults.Enqueue(new Chatbot.Simulator.Fault("/messages", Delay: TimeSpan.FromSeconds(3), AfterHandling: true));
        using (var reply = await api.PostAsJsonAsync($"/api/inbox/{thread.Id}/reply", new { text = "Tin chậm" }))
        {
            Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
            Assert.Equal("unknown", (await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }
        using (await api.PostAsJsonAsync($"/api/inbox/{thread.Id}/reply", new { text = "Tin sau" })) { }
        var stored = (await kit.MessagesAsync(thread.Id)).Where(m => m.Author == Authors.Staff).ToList();
        Assert.Equal([DeskDelivery.Unknown, DeskDelivery.Sent], stored.Select(m => m.Status));
        Assert.Single(kit.TextsTo("facebook", "psid-slow"), t => t == "Tin chậm"); // it did arrive, and went only once
        Assert.Contains("Không rõ đã đến chưa", await (await ConsoleFor(kit)).Http.GetStringAsync($"/admin/inbox/{thread.Id}"));
    }

    static Task<Staff.ConsoleClient> ConsoleFor(ChannelKit kit) => Staff.ConsoleClient.SignInAsync(kit.App, "console-sg", Roles.WardEditor, "sai-gon");
}
