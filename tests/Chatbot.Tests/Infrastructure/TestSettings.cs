namespace Chatbot.Tests.Infrastructure;

/// <summary>Settings every app a test starts gets (in process or as a process), unless the test sets them itself.</summary>
public static class TestSettings
{
    /// <summary>
    /// A staff password hash with 1,000 PBKDF2 iterations instead of the service's 100,000: hundreds of sign-ins and
    /// new users each spent about 75 ms of CPU on it, a few per cent of a CPU-bound run. The count is the only difference
    /// (a hash records its own); <c>PasswordHashingTests</c> checks the service's default on a process started without it.
    /// </summary>
    public static readonly KeyValuePair<string, string?> FastPasswordHashing = new("Staff:PasswordHasher:IterationCount", "1000");

    /// <summary>
    /// Environment for every app process a test starts: no dynamic PGO (<c>DOTNET_TieredPGO=0</c>). It compiles each
    /// hot method twice more (instrumented, then optimised with what it learned), which pays off in a service that runs
    /// for days, not in a test process that lives seconds to minutes: the in-process tests ran 13 % faster without it
    /// (237 s against 272 s, the test projects set <c>TieredPGO</c> false too). The service itself keeps it.
    /// </summary>
    public static readonly KeyValuePair<string, string> ShortLivedRuntime = new("DOTNET_TieredPGO", "0");
}
