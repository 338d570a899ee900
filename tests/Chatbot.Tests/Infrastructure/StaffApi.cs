using System.Net.Http.Headers;
using Chatbot.Tests.Staff;
using Chatbot.Web.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Infrastructure;

public static class StaffApi
{
    /// <summary>
    /// A client of the app's /api endpoints as <paramref name="name"/>, with a Bearer token as a ward's script would use;
    /// the user is created with this role and ward first unless a test already made them.
    /// </summary>
    public static async Task<HttpClient> StaffApiAsync(this ChatbotApp app, string name, string role, string? ward)
    {
        var staff = app.Services.GetRequiredService<StaffStore>();
        var id = (await staff.FindAsync(name, default))?.Id ?? await staff.CreateUserAsync(name, role, ward, ConsoleClient.Password, default);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", (await app.Services.GetRequiredService<StaffTokens>().CreateAsync(id, default)).Token);
        return client;
    }
}
