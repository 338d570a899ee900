using Chatbot.Web.Broadcasting;
using Chatbot.Web.Channels;
using Chatbot.Web.Channels.Facebook;
using Chatbot.Web.Channels.Zalo;
using Chatbot.Web.Channels.ZaloBot;
using Chatbot.Web.Content;
using Chatbot.Web.Conversations;
using Chatbot.Web.Conversations.Browse;
using Chatbot.Web.Desk;
using Chatbot.Web.Hosting;
using Chatbot.Web.Knowledge;
using Chatbot.Web.Observability;
using Chatbot.Web.Pages.Admin;
using Chatbot.Web.Quiz;
using Chatbot.Web.Staff;
using Chatbot.Web.Storage;
using Chatbot.Web.Subscriptions;
using Chatbot.Web.Wards;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
    { Args = args, ContentRootPath = AppContext.BaseDirectory }); // root appsettings.json + dialogs/ are linked into bin
builder.AddHosting();
builder.AddObservability();
builder.AddStorage();
builder.AddContent();
builder.AddWards();
builder.AddConversations();
builder.AddKnowledge();
builder.AddBrowse();
builder.AddWebChat();
builder.Services.AddRazorPages();
builder.AddChannels();
builder.AddFacebook();   // Channels/Facebook: Messenger, Page publishing, Page comments
builder.AddZalo();       // Channels/Zalo: Zalo OA
builder.AddZaloBot();    // Channels/ZaloBot: Zalo Bot Platform
builder.AddSubscriptions();
builder.AddQuiz();
builder.AddStaff();
builder.AddBroadcasting();
builder.AddDesk();
builder.AddDeskWebChat();        // Desk: "Gặp cán bộ", the ward inbox
builder.AddConsole();

var app = builder.Build();
app.Services.GetRequiredService<ContentCatalog>(); // broken content stops start-up here, listing file:line problems
try
{
    await app.PrepareStorageAsync(serving: args is not ["admin", ..]);
}
catch (DataDirectoryException e)
{
    Console.Error.WriteLine(e.Message); // one line naming the path, and a plain exit code instead of a crash
    return 3;
}
catch (DatabaseUnreachableException e)
{
    Console.Error.WriteLine(e.Message); // where it tried and why, not a stack trace
    return 4;
}
if (await app.TryRunAdminCommandAsync(args) is { } exit) return exit; // a platform's command (messenger-profile…)
if (args is ["admin", ..]) return await AdminCommands.RunAsync(app, args[1..]);
app.WarnAboutBotAuthentication();

app.UseHosting(); // proxies, security headers, data directory guard, errors, then routing
app.UseStaticFiles();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.MapHealth();
app.MapMetrics();
app.MapBot();
app.MapWebChat();
app.MapKnowledgeApi();
app.MapFaqApi();
app.MapQuizApi();
app.MapTeamsApi();
app.MapChannels();
app.UseBroadcasting();
app.MapDeskApi();
app.MapDeskWebChat();
app.MapConsole();
app.MapRazorPages();

await app.RunAsync();
return 0;

public partial class Program;
