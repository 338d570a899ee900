using Chatbot.Web.Broadcasting;
using Chatbot.Web.Channels;
using Chatbot.Web.Channels.Facebook;
using Chatbot.Web.Channels.Zalo;
using Chatbot.Web.Content;
using Chatbot.Web.Conversations;
using Chatbot.Web.Hosting;
using Chatbot.Web.Knowledge;
using Chatbot.Web.Observability;
using Chatbot.Web.Pages.Admin;
using Chatbot.Web.Quiz;
using Chatbot.Web.Staff;
using Chatbot.Web.Storage;
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
builder.AddWebChat();
builder.Services.AddRazorPages();
builder.AddChannels();
builder.AddQuiz();
builder.AddStaff();
builder.AddBroadcasting();
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
if (args is ["admin", "messenger-profile", ..]) return await MessengerProfileCommand.RunAsync(app, args[2..]);
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
app.MapQuizApi();
app.MapFacebookWebhook();
app.MapZaloWebhook();
app.MapChannelsApi();
app.UseBroadcasting();
app.MapConsole();
app.MapRazorPages();

await app.RunAsync();
return 0;

public partial class Program;
