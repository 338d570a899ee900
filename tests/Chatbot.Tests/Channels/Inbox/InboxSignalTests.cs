using Chatbot.Tests.Channels;
using Chatbot.Web.Channels.Inbox;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Chatbot.Tests.Channels.Inbox;

/// <summary>The worker holds back during a burst of webhooks by reading the intake rate from the signal, and its idle
/// loops are woken one per stored event.</summary>
public sealed class InboxSignalTests
{
    [Fact]
    public void The_intake_rate_counts_the_webhooks_of_the_last_100_to_200_ms()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
        var signal = new InboxSignal(clock, Loops(4));
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

    static IOptions<InboxOptions> Loops(int n) => Options.Create(new InboxOptions { Concurrency = n });

    [Fact]
    public async Task One_stored_event_wakes_one_idle_loop_not_all_of_them()
    {
        var signal = new InboxSignal(TimeProvider.System, Loops(4));
        using var stop = new CancellationTokenSource();
        var waiting = Enumerable.Range(0, 3).Select(_ => signal.WaitAsync(TimeSpan.FromMinutes(5), stop.Token)).ToList();
        Assert.DoesNotContain(waiting, w => w.IsCompleted);

        signal.Notify();
        await Task.WhenAny(waiting).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, waiting.Count(w => w.IsCompleted)); // the others would only claim nothing

        signal.Notify(2); // a webhook with two events: two loops
        await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task An_event_stored_before_the_loop_waits_still_wakes_it_and_wake_ups_never_outnumber_the_loops()
    {
        var signal = new InboxSignal(TimeProvider.System, Loops(2));
        signal.Notify(100); // stored while both loops were busy
        await signal.WaitAsync(TimeSpan.FromMinutes(5), default).WaitAsync(TimeSpan.FromSeconds(10));
        await signal.WaitAsync(TimeSpan.FromMinutes(5), default).WaitAsync(TimeSpan.FromSeconds(10));

        using var stop = new CancellationTokenSource();
        var third = signal.WaitAsync(TimeSpan.FromMinutes(5), stop.Token);
        Assert.False(third.IsCompleted); // no wake-up left for a third look
        stop.Cancel();
        await third.WaitAsync(TimeSpan.FromSeconds(10)); // stopping ends the wait without an exception
    }
}
