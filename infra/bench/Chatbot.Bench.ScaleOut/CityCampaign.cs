namespace Chatbot.Bench.ScaleOut;

internal static class CityCampaign
{
    public static Task<int> RunAsync(string[] args) => Task.FromResult(2);
}
