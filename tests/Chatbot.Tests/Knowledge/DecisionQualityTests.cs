using Chatbot.Web.Knowledge;

namespace Chatbot.Tests.Knowledge;

/// <summary>
/// Issue 12's measure on every question set we have, as floors just under the figures measured when the decision rule
/// was last tuned (docs/question-answering.md): a change that makes any set worse fails here. The sets not marked held
/// out are tuning sets, and also the learned models' training questions (dialogs/knowledge/questions.tsv): their
/// figures flatter the bot. The product's targets are measured on the held-out sets nobody tunes or trains on.
/// </summary>
public sealed class DecisionQualityTests
{
    /// <summary>file (under Knowledge/), then floors: direct-correct, one tap, off-topic rejected; and the most wrong
    /// direct answers allowed, all as shares.</summary>
    public static TheoryData<string, double, double, double, double> Sets => new()
    {
        // Round 18: apartment-residents is held out (chosen before measuring, first by name).
        { "blind/apartment-residents.tsv", 0.96, 0.98, 0.96, 0.04 },
        // Round 23: block-leaders is held out (chosen before measuring, first by name).
        { "blind/block-leaders.tsv", 0.90, 0.96, 0.99, 0.01 },
        // Round 10: bookkeepers is held out (nobody looked at its misses); its floor only keeps it from getting worse.
        { "blind/bookkeepers.tsv", 0.98, 0.98, 0.99, 0.02 },
        { "blind/business.tsv", 0.98, 0.98, 0.95, 0.02 },
        // Round 22: can-gio-fishers is held out (chosen before measuring, first by name).
        { "blind/can-gio-fishers.tsv", 0.96, 0.98, 0.99, 0.01 },
        // Round 21: caregivers is held out (chosen before measuring, first by name).
        { "blind/caregivers.tsv", 0.95, 0.96, 0.99, 0.02 },
        // Round 20: charity-groups is held out (chosen before measuring, first by name).
        { "blind/charity-groups.tsv", 0.68, 0.98, 0.96, 0.01 },
        // Round 15: cholon-traders is held out (nobody looked at its misses); its floor only keeps it from getting worse.
        { "blind/cholon-traders.tsv", 0.91, 0.98, 0.99, 0.06 },
        // Round 19: church-pagoda is held out (chosen before measuring, first by name); the hardest set so far.
        { "blind/church-pagoda.tsv", 0.71, 0.96, 0.95, 0.04 },
        // Round 11: clerks is held out (nobody looked at its misses); its floor only keeps it from getting worse.
        { "blind/clerks.tsv", 0.91, 0.96, 0.96, 0.01 },
        { "blind/clinic.tsv", 0.96, 0.98, 0.99, 0.02 },
        { "blind/clubs.tsv", 0.86, 0.98, 0.95, 0.06 },
        // Round 6: community is held out (nobody looked at its misses); its floor only keeps it from getting worse.
        { "blind/community.tsv", 0.95, 0.98, 0.99, 0.02 },
        // Round 8: drivers is held out (nobody looked at its misses); its floor only keeps it from getting worse.
        // Round 17: delivery-riders is held out (chosen before measuring, first by name).
        { "blind/delivery-riders.tsv", 0.91, 0.98, 0.99, 0.02 },
        { "blind/drivers.tsv", 0.98, 0.98, 0.96, 0.01 },
        { "blind/elderly.tsv", 0.98, 0.98, 0.96, 0.03 },
        { "blind/farmers.tsv", 0.91, 0.98, 0.99, 0.04 },
        // Round 14: frontline is held out (nobody looked at its misses); its floor only keeps it from getting worse.
        { "blind/frontline.tsv", 0.95, 0.98, 0.99, 0.02 },
        // Round 16: health is held out (nobody looked at its misses); its floor only keeps it from getting worse.
        { "blind/health.tsv", 0.85, 0.96, 0.95, 0.02 },
        { "blind/hairdressers.tsv", 0.90, 0.96, 0.99, 0.01 },
        { "blind/households.tsv", 0.91, 0.98, 0.96, 0.03 },
        { "blind/kids.tsv", 0.96, 0.98, 0.99, 0.01 },
        { "blind/landlords.tsv", 0.98, 0.98, 0.99, 0.02 },
        { "blind/leaders.tsv", 0.98, 0.98, 0.99, 0.02 },
        { "blind/migrants.tsv", 0.98, 0.98, 0.95, 0.01 },
        // Round 12: neighbours is held out (nobody looked at its misses); its floor only keeps it from getting worse.
        { "blind/neighbours.tsv", 0.96, 0.98, 0.99, 0.01 },
        { "blind/new-hires.tsv", 0.98, 0.98, 0.92, 0.04 },
        { "blind/office.tsv", 0.91, 0.98, 0.99, 0.04 },
        { "blind/officials.tsv", 0.95, 0.98, 0.96, 0.02 },
        { "blind/parents.tsv", 0.96, 0.98, 0.96, 0.02 },
        // Round 5: school is held out (nobody looked at its misses); its floor only keeps it from getting worse.
        { "blind/school.tsv", 0.86, 0.98, 0.96, 0.02 },
        { "blind/photographers.tsv", 0.90, 0.98, 0.99, 0.01 },
        { "blind/retirees-club.tsv", 0.98, 0.98, 0.99, 0.01 },
        // Round 13: returnees is held out (nobody looked at its misses); its floor only keeps it from getting worse.
        { "blind/returnees.tsv", 0.95, 0.98, 0.95, 0.01 },
        { "blind/sanitation-workers.tsv", 0.80, 0.98, 0.99, 0.01 },
        { "blind/scenarios.tsv", 0.96, 0.98, 0.96, 0.03 },
        { "blind/sceptics.tsv", 0.93, 0.98, 0.96, 0.03 },
        // Round 9: students is held out (nobody looked at its misses); its floor only keeps it from getting worse.
        { "blind/skeptical-elders.tsv", 0.93, 0.98, 0.99, 0.02 },
        { "blind/students.tsv", 0.91, 0.95, 0.99, 0.02 },
        { "blind/teen.tsv", 0.96, 0.98, 0.96, 0.02 },
        { "blind/techies.tsv", 0.98, 0.98, 0.99, 0.01 },
        { "blind/tradesmen.tsv", 0.98, 0.98, 0.99, 0.01 },
        { "blind/vendors.tsv", 0.96, 0.98, 0.99, 0.05 },
        { "blind/veterans-association.tsv", 0.78, 0.95, 0.96, 0.07 },
        // Round 7: volunteers is held out (nobody looked at its misses); its floor only keeps it from getting worse.
        { "blind/volunteers.tsv", 0.96, 0.98, 0.93, 0.01 },
        { "blind/womens-union.tsv", 0.96, 0.98, 0.99, 0.02 },
        { "blind/writers.tsv", 0.96, 0.98, 0.99, 0.01 },
        { "blind/workers.tsv", 0.96, 0.98, 0.96, 0.04 },
        { "blind/youth-union.tsv", 0.88, 0.98, 0.96, 0.05 },
        { "questions.own.tsv", 0.92, 0.96, 0.93, 0.05 },
        { "questions.civic.tsv", 0.89, 0.90, 0.91, 0.09 },
    };

    [Theory, MemberData(nameof(Sets))]
    public void Decisions_stay_at_least_as_good_as_measured(string file, double direct, double oneTap, double rejected, double wrong)
    {
        var result = KnowledgeEval.Run(KnowledgeTestContent.Search,
            KnowledgeEval.Read(Path.Combine(AppContext.BaseDirectory, "Knowledge", file)));
        Assert.True(result.DirectRate >= direct && result.OneTapRate >= oneTap && result.RejectionRate >= rejected && result.WrongRate <= wrong,
            $"{file}: {result}\n" + string.Join("\n", result.Misses));
    }

    [SkippableFact]
    public void The_shared_dev_questions_stay_at_least_as_good_as_measured()
    {
        var file = KnowledgeEval.DevFile(AppContext.BaseDirectory);
        if (file is null)
        {
            const string why = "../shared/eval/questions.dev.tsv (beside the repository) is missing.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                Assert.Fail("In CI the eval file must be present: " + why);
            Skip.If(true, why);
        }
        var result = KnowledgeEval.Run(KnowledgeTestContent.Search, KnowledgeEval.Read(file!));
        Assert.True(result.DirectRate >= 0.94 && result.OneTapRate >= 0.97 && result.RejectionRate >= 1.0 && result.WrongRate <= 0.03,
            result + "\n" + string.Join("\n", result.Misses));
    }
}
