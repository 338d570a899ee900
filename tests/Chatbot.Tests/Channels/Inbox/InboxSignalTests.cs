using Chatbot.Tests.Channels;
using Chatbot.Web.Channels.Inbox;
using Microsoft.Extensions.Time.Testing;

namespace Chatbot.Tests.Channels.Inbox;

/// <summary>The worker holds back during a burst of webhooks by reading the intake rate from the signal.</summary>
public sealed class InboxSignalTests
{
    [Fact]
    public void The_intake_rate_counts_the_webhooks_of_the_last_100_to_200_ms()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
        var signal = new InboxSignal(clock);
        Assert.Equal(0, signal.IntakePerSecond);

        for (var i = 0; i < 60; i++) signal.Notify();
        Assert.Equal(300, signal.IntakePerSecond);

        clock.Advance(TimeSpan.FromMilliseconds(100)); // the previous window still counts
        for (var i = 0; i < 40; i++) signal.Notify();
        Assert.Equal(500, signal.IntakePerSecond);

        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(200, signal.IntakePerSecond);
        clock.Advance(TimeSpan.FromSeconds(1)); // quiet: the burst is over
        Assert.Equal(0, signal.IntakePerSecond);
    }

    [Fact]
    public async Task A_notify_wakes_a_waiter_that_took_the_signal_before_looking()
    {
        var signal = new InboxSignal(TimeProvider.System);
        var wake = signal.Next;
        Assert.False(wake.IsCompleted);
        signal.Notify();
        await wake.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
