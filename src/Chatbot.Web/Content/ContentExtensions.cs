using Microsoft.Extensions.Options;

namespace Chatbot.Web.Content;

public sealed class ContentOptions
{
    public const string Section = "Content";

    /// <summary>The dialogs/ folder; relative paths are resolved against the binary's folder, where the build copies it.</summary>
    public string Directory { get; init; } = "dialogs";
}

internal static class ContentExtensions
{
    public static WebApplicationBuilder AddContent(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ContentOptions>().BindConfiguration(ContentOptions.Section);
        builder.Services.AddSingleton(sp =>
        {
            var dir = Path.GetFullPath(sp.GetRequiredService<IOptions<ContentOptions>>().Value.Directory, AppContext.BaseDirectory);
            return ContentCatalog.Load(dir, sp.GetServices<IContentPart>());
        });
        builder.Services.AddContentPart<MenuContentLoader, MenuContent>();
        return builder;
    }

    /// <summary>Registers a part loader and exposes its result as a singleton service.</summary>
    public static IServiceCollection AddContentPart<TLoader, TPart>(this IServiceCollection services)
        where TLoader : ContentPart<TPart>, new() where TPart : class
    {
        services.AddSingleton<IContentPart>(new TLoader());
        services.AddSingleton(sp => sp.GetRequiredService<ContentCatalog>().Get<TPart>());
        return services;
    }

    /// <summary>As above, for a loader that needs services (e.g. the registered platforms to read channels with).</summary>
    public static IServiceCollection AddContentPart<TPart>(this IServiceCollection services, Func<IServiceProvider, ContentPart<TPart>> loader)
        where TPart : class
    {
        services.AddSingleton<IContentPart>(loader);
        services.AddSingleton(sp => sp.GetRequiredService<ContentCatalog>().Get<TPart>());
        return services;
    }
}
