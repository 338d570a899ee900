using System.Net;
using System.Text;
using Chatbot.Tests.Channels;
using Chatbot.Tests.Infrastructure;
using Chatbot.Tests.Staff;
using Chatbot.Web.Channels;
using Chatbot.Web.Channels.Facebook;
using Chatbot.Web.Channels.Zalo;
using Chatbot.Web.Staff;
using Chatbot.Web.Storage;
using Chatbot.Web.Wards;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Channels.Inbox;

/// <summary>Issue 13 point 9: one unreadable item never costs the good ones beside it in a signed body.</summary>
public sealed class BadItemTests
{
    /// <summary>A byte sequence that is not UTF-8 (0xC3 must be followed by a continuation byte).</summary>
    const string NotUtf8 = "@@NOT-UTF8@@";

    static string Item(string psid, string messageJson, long timestamp = ChannelKit.Now) =>
        $$"""{"sender":{"id":"{{psid}}"},"recipient":{"id":"{{ChannelKit.PageId}}"},"timestamp":{{timestamp}},"message":{{messageJson}}}""";

    static byte[] Bytes(string body)
    {
        var at = body.IndexOf(NotUtf8, StringComparison.Ordinal);
        if (at < 0) return Encoding.UTF8.GetBytes(body);
        return [.. Encoding.UTF8.GetBytes(body[..at]), 0xC3, 0x28, .. Encoding.UTF8.GetBytes(body[(at + NotUtf8.Length)..])];
    }

    static async Task<HttpResponseMessage> PostAsync(ChatbotApp app, string path, byte[] body, string header, string signature)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        content.Headers.Add(header, signature);
        return await app.CreateClient().PostAsync(path, content);
    }

    static Task<HttpResponseMessage> PostMessengerAsync(ChannelKit kit, byte[] body) => PostAsync(kit.App, "/webhooks/facebook", body,
        FacebookSignature.Header, "sha256=" + FacebookSignature.Compute(ChannelKit.AppSecret, body));

    static Task<HttpResponseMessage> PostZaloAsync(ChannelKit kit, byte[] body, string timestamp) => PostAsync(kit.App, "/webhooks/zalo", body,
        ZaloSignature.Header, "mac=" + ZaloSignature.Compute(ChannelKit.ZaloAppId, body, timestamp, ChannelKit.ZaloOaSecret));

    static async Task<List<(string State, string Kind, string? Reason)>> RowsAsync(ChannelKit kit)
    {
        await using var conn = await kit.App.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        return (await conn.QueryAsync<(string, string, string?)>("SELECT state, kind, last_error FROM inbox_events ORDER BY id")).ToList();
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_Messenger_batch_with_unreadable_items_stores_and_answers_the_good_ones_and_parks_each_bad_one_with_its_reason(
        StorageProvider provider)
    {
        await using var kit = await ChannelKit.StartAsync(provider);
        var items = new[]
        {
            Item("psid-good-1", """{"mid":"mid.good.1","text":"menu"}"""),
            Item("psid-bad-1", "null"),
            Item("psid-bad-2", "\"chỉ là chuỗi\""),
            Item("psid-bad-3", """[{"mid":"mid.in.array"}]"""),
            Item("psid-bad-4", """{"mid":"mid.future","text":"menu"}""", timestamp: 100_000_000_000_000_000),
            Item("psid-bad-5", """{"mid":"mid.past","text":"menu"}""", timestamp: -100_000_000_000_000_000),
            Item("psid-bad-6", $$"""{"mid":"mid.bytes","text":"xin {{NotUtf8}} chào"}"""),
            Item("psid-good-2", """{"mid":"mid.good.2","text":"menu"}"""),
        };
        var body = Bytes(ChannelKit.Messenger(string.Join(",", items)));

        using (var response = await PostMessengerAsync(kit, body)) Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await Eventually.TrueAsync(() => kit.Sent("facebook").Select(m => m.Recipient).Distinct().Count() == 2, "both good items answered");
        Assert.Equal(["psid-good-1", "psid-good-2"], kit.Sent("facebook").Select(m => m.Recipient).Distinct().Order());
        await Eventually.TrueAsync(async () => (await RowsAsync(kit)).Count(r => r.State == "done") == 2, "both good items done");
        var parked = (await RowsAsync(kit)).Where(r => r.State == "parked").ToList();
        Assert.Equal(6, parked.Count);
        Assert.All(parked, p => Assert.Equal("invalid", p.Kind));
        var reasons = parked.Select(p => p.Reason!).ToList();
        Assert.Contains("«message» là null", reasons[0]);
        Assert.Contains("«message» là một chuỗi", reasons[1]);
        Assert.Contains("«message» là một mảng", reasons[2]);
        Assert.Contains("timestamp «100000000000000000»", reasons[3]);
        Assert.Contains("timestamp «-100000000000000000»", reasons[4]);
        Assert.Contains("UTF-8", reasons[5]);

        // Meta sends the same body again (it does when unsure): nothing is stored or answered twice.
        using (var again = await PostMessengerAsync(kit, body)) Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(8, (await RowsAsync(kit)).Count);

        // Staff see why: the district admin's channel page lists each parked item with its reason.
        var admin = await ConsoleClient.SignInAsync(kit.App, "quan", Roles.DistrictAdmin, null);
        var page = WebUtility.HtmlDecode(await admin.Http.GetStringAsync("/admin/channels"));
        Assert.Contains("Tin nhắn không xử lý được (6)", page);
        Assert.Contains("«message» là một mảng", page);
        var channel = kit.App.Services.GetRequiredService<ChannelDirectory>().Find("sai-gon-facebook")!;
        Assert.Contains($"· {channel.DisplayName}</td><td>«message» là null", page);

        // A ward's staff see their own channels' parked events only.
        var saiGon = await ConsoleClient.SignInAsync(kit.App, "bien-tap-sai-gon", Roles.WardEditor, "sai-gon");
        Assert.Contains("Tin nhắn không xử lý được (6)", WebUtility.HtmlDecode(await saiGon.Http.GetStringAsync("/admin/channels")));
        var tanDinh = await ConsoleClient.SignInAsync(kit.App, "bien-tap-tan-dinh", Roles.WardEditor, "tan-dinh");
        Assert.Contains("Tin nhắn không xử lý được (0)", WebUtility.HtmlDecode(await tanDinh.Http.GetStringAsync("/admin/channels")));
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_at_all_is_the_only_400()
    {
        await using var kit = await ChannelKit.StartAsync();
        using var response = await PostMessengerAsync(kit, Encoding.UTF8.GetBytes("object=page&entry=1"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await RowsAsync(kit));
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_Zalo_event_with_a_huge_timestamp_or_broken_text_is_parked_with_200_and_the_next_good_one_is_answered(
        StorageProvider provider)
    {
        await using var kit = await ChannelKit.StartAsync(provider);
        string Event(string msgId, string timestamp, string text) =>
            $$$"""{"app_id":"{{{ChannelKit.ZaloAppId}}}","event_name":"user_send_text","timestamp":"{{{timestamp}}}","sender":{"id":"zu-1"},"recipient":{"id":"{{{ChannelKit.OaId}}}"},"message":{"msg_id":"{{{msgId}}}","text":"{{{text}}}"}}""";

        using (var huge = await PostZaloAsync(kit, Bytes(Event("zm.huge", "100000000000000000", "menu")), "100000000000000000"))
            Assert.Equal(HttpStatusCode.OK, huge.StatusCode);
        var now = ChannelKit.Now.ToString();
        using (var broken = await PostZaloAsync(kit, Bytes(Event("zm.bytes", now, $"a{NotUtf8}b")), now))
            Assert.Equal(HttpStatusCode.OK, broken.StatusCode);
        using (var good = await PostZaloAsync(kit, Bytes(Event("zm.good", now, "menu")), now))
            Assert.Equal(HttpStatusCode.OK, good.StatusCode);

        await Eventually.TrueAsync(() => kit.Sent("zalo").Count > 0, "the good event answered");
        Assert.All(kit.Sent("zalo"), m => Assert.Equal("zu-1", m.Recipient));
        await Eventually.TrueAsync(async () => (await RowsAsync(kit)).Any(r => r.State == "done"), "the good event done");
        var rows = await RowsAsync(kit);
        Assert.Equal(["parked", "parked", "done"], rows.Select(r => r.State));
        Assert.Contains("timestamp «100000000000000000»", rows[0].Reason);
        Assert.Contains("UTF-8", rows[1].Reason);
    }
}
