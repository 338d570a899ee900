using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace Chatbot.Web.Broadcasting;

/// <summary>
/// Hangfire keeps one log provider for the whole process. Where several hosts share a process (the tests), a host
/// that stopped leaves its disposed logger factory behind; asking it for a logger then throws. This provider logs
/// through the host's factory and stays silent once that factory is gone, instead of failing a job.
/// </summary>
internal sealed class HangfireLogProvider(ILoggerFactory factory) : ILogProvider
{
    readonly AspNetCoreLogProvider inner = new(factory);

    public ILog GetLogger(string name)
    {
        try { return inner.GetLogger(name); }
        catch (ObjectDisposedException) { return Silent.Instance; }
    }

    sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
