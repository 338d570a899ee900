namespace Chatbot.BrowserTests;

/// <summary>
/// Waits for what the app does in the background (the inbox worker's turn, a platform's answer): the condition is read
/// again every 100 ms until it holds, for at most a minute, so a quick machine is not held back and a slow one has time.
/// </summary>
public static class Wait
{
    static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static Task UntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        using var deadline = new CancellationTokenSource(Limit);
        while (!await condition())
        {
            if (deadline.IsCancellationRequested) throw new TimeoutException("waited for " + what);
            await Task.Delay(100);
        }
    }
}
