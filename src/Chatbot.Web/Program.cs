using Chatbot.Web.Content;
using Chatbot.Web.Conversations;
using Chatbot.Web.Hosting;
using Chatbot.Web.Knowledge;
using Chatbot.Web.Storage;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
    { Args = args, ContentRootPath = AppContext.BaseDirectory }); // root appsettings.json + dialogs/ are linked into bin
builder.AddHosting();
builder.AddStorage();
builder.AddContent();
builder.AddConversations();
builder.AddKnowledge();

var app = builder.Build();
app.Services.GetRequiredService<ContentCatalog>(); // broken content stops start-up here, listing file:line problems
await app.PrepareStorageAsync();
app.WarnAboutBotAuthentication();

app.UseHosting();
app.MapHealth();
app.MapBot();
app.MapKnowledgeApi();

await app.RunAsync();
return 0;

public partial class Program;
