namespace Chatbot.Web.Pages.Admin;

internal static class ConsoleExtensions
{
    public static WebApplicationBuilder AddConsole(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MediaStore>();
        builder.Services.AddScoped<ConsoleNames>();
        return builder;
    }

    /// <summary>
    /// Errors under /admin become pages of the console (<see cref="ErrorModel"/>): an exception re-executes
    /// /admin/error/500, an empty 4xx/5xx answer (NotFound(), a 403 from a role check) /admin/error/{code}. Placed before
    /// routing, so the re-executed request is routed, authenticated and rendered like any page; /api keeps ProblemDetails.
    /// </summary>
    public static IApplicationBuilder UseConsoleErrorPages(this IApplicationBuilder app) =>
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/admin") && !http.Request.Path.StartsWithSegments("/admin/error"), branch =>
        {
            branch.UseExceptionHandler("/admin/error/500");
            branch.UseStatusCodePagesWithReExecute("/admin/error/{0}");
        });

    /// <summary>GET /media/{file}: uploaded post images. Public on purpose: Facebook and Zalo fetch a post's image from
    /// its URL, without our cookie. Names are 128-bit random, so a draft's image is not guessable before it is posted.</summary>
    public static WebApplication MapConsole(this WebApplication app)
    {
        app.MapGet("/media/{file}", (string file, MediaStore media) =>
            media.Find(file) is { } found ? Results.File(found.Path, found.ContentType) : Results.NotFound());
        return app;
    }
}
