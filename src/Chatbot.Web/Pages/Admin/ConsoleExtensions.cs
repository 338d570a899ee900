namespace Chatbot.Web.Pages.Admin;

internal static class ConsoleExtensions
{
    public static WebApplicationBuilder AddConsole(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MediaStore>();
        builder.Services.AddScoped<ConsoleNames>();
        return builder;
    }

    /// <summary>GET /media/{file}: uploaded post images. Public on purpose: Facebook and Zalo fetch a post's image from
    /// its URL, without our cookie. Names are 128-bit random, so a draft's image is not guessable before it is posted.</summary>
    public static WebApplication MapConsole(this WebApplication app)
    {
        app.MapGet("/media/{file}", (string file, MediaStore media) =>
            media.Find(file) is { } found ? Results.File(found.Path, found.ContentType) : Results.NotFound());
        return app;
    }
}
