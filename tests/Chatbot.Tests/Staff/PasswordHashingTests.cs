using System.Buffers.Binary;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Staff;

/// <summary>
/// Staff passwords are stored as ASP.NET Core's PBKDF2 hashes with 100,000 iterations unless the operator says otherwise
/// (<c>Staff:PasswordHasher:IterationCount</c>). The other tests run with 1,000 to save CPU (<see cref="TestSettings"/>),
/// so this one checks what the service does without that setting, and that a hash made with one count still signs in
/// under another (each hash carries its count).
/// </summary>
public sealed class PasswordHashingTests
{
    /// <summary>The iteration count recorded in a version-3 hash: a format byte, the PRF, then the count (big-endian).</summary>
    static int Iterations(string hash) => BinaryPrimitives.ReadInt32BigEndian(Convert.FromBase64String(hash).AsSpan(5, 4));

    [Fact]
    public async Task A_password_is_hashed_with_100000_iterations_by_default_and_a_hash_of_another_count_still_signs_in()
    {
        await using var tests = await ChatbotApp.StartAsync();
        await tests.Services.GetRequiredService<StaffStore>().CreateUserAsync("bt-sai-gon", Roles.WardEditor, "sai-gon", ConsoleClient.Password, default);

        await using var service = ChatbotApp.OnSameDatabase(tests, app => app.Without(TestSettings.FastPasswordHashing.Key));
        var staff = service.Services.GetRequiredService<StaffStore>();
        await staff.CreateUserAsync("bt-ben-thanh", Roles.WardEditor, "ben-thanh", ConsoleClient.Password, default);

        Assert.Equal(1_000, Iterations((await staff.FindAsync("bt-sai-gon", default))!.PasswordHash));
        Assert.Equal(100_000, Iterations((await staff.FindAsync("bt-ben-thanh", default))!.PasswordHash));
        Assert.Equal(SignInResult.Ok, (await staff.VerifyPasswordAsync("bt-sai-gon", ConsoleClient.Password, default)).Result);
        Assert.Equal(SignInResult.WrongPassword, (await staff.VerifyPasswordAsync("bt-sai-gon", "mat-khau-sai-roi", default)).Result);
    }

    [Fact]
    public async Task An_iteration_count_below_one_stops_the_start_with_the_setting_named()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var app = await ChatbotApp.StartAsync(configure: a => a.With(TestSettings.FastPasswordHashing.Key, "0"));
        });
        Assert.Contains("Staff:PasswordHasher:IterationCount", error.ToString());
    }
}
