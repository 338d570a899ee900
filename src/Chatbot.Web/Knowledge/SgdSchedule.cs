namespace Chatbot.Web.Knowledge;

/// <summary>
/// The training schedule the learned models share (<see cref="TopicModel"/>, <see cref="DifferenceModel"/>): stochastic
/// gradient descent over the questions in a fixed shuffled order per epoch, with Bottou's decreasing step for an
/// L2-regularised loss. Fixed seed, so training is repeatable.
/// </summary>
internal static class SgdSchedule
{
    const double C = 4; // inverse regularisation strength; 1 to 16 did about the same offline
    const double FirstStep = 0.5;

    /// <summary>The regularisation per question for <paramref name="questions"/> training questions.</summary>
    public static double Lambda(int questions) => 1 / (C * questions);

    /// <summary>Each step: the question to learn from and the step size.</summary>
    public static IEnumerable<(int Question, double Step)> Steps(int questions, int epochs)
    {
        var lambda = Lambda(questions);
        var order = Enumerable.Range(0, questions).ToArray();
        var random = new Random(838); // any fixed seed makes training repeatable; this is the dispatch's number
        var step = 0L;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var i in order) yield return (i, FirstStep / (1 + FirstStep * lambda * step++));
        }
    }
}
