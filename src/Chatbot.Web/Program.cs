using Chatbot.Web.Channels;
using Chatbot.Web.Content;
using Chatbot.Web.Conversations;
using Chatbot.Web.Hosting;
using Chatbot.Web.Quiz;
using Chatbot.Web.Storage;
using Chatbot.Web.Wards;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
    { Args = args, ContentRootPath = AppContext.BaseDirectory }); // root appsettings.json + dialogs/ are linked into bin
builder.AddHosting();
builder.AddStorage();
builder.AddContent();
builder.AddWards();
builder.AddConversations();
builder.AddChannels();
builder.AddQuiz();
builder.Services.AddRazorPages();
// Vietnamese as text, not &#x...; entities: pages stay small and readable (Razor's default encodes all non-ASCII).
builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
    o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));

var app = builder.Build();
app.Services.GetRequiredService<ContentCatalog>(); // broken content stops start-up here, listing file:line problems
await app.PrepareStorageAsync();
app.WarnAboutBotAuthentication();

app.UseHosting();
app.MapHealth();
app.MapBot();
app.MapQuizApi();
app.MapStaticAssets();
app.MapRazorPages();

await app.RunAsync();
return 0;

public partial class Program;
