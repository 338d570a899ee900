using Chatbot.Tests.Broadcasting;
using Chatbot.Tests.ScaleOut;
using Xunit;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("Chatbot.Tests.Infrastructure.LongestChainsFirst", "Chatbot.Tests")]

namespace Chatbot.Tests.Infrastructure;

/// <summary>
/// Starts the collections whose tests take minutes, before the hundreds of short ones: the scale-out tests (two app
/// processes each, mostly waiting for jobs and kills, one after another), the city campaign (the same, beside them) and
/// the Hangfire tests.
/// Started last (xUnit's default order, or after every parallel collection as they once were), they ran alone for
/// the last three minutes of a run with the other core idle; started first, the short tests fill the time they wait.
/// </summary>
public sealed class LongestChainsFirst : ITestCollectionOrderer
{
    static readonly string[] First = [nameof(ScaleOutCollection), nameof(CityCampaignCollection), HangfireCollection.Name];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections
            .OrderBy(c => Array.IndexOf(First, c.DisplayName.Replace("Test collection for ", "")) is var i and >= 0 ? i : First.Length)
            .ThenBy(c => c.DisplayName, StringComparer.Ordinal);
}
