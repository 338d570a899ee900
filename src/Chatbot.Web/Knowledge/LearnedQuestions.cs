using System.Collections.Concurrent;

namespace Chatbot.Web.Knowledge;

/// <summary>
/// What the bot learns from dialogs/knowledge/questions.tsv — questions people wrote blind from the dispatch, each marked
/// with the difference it asks about or as off the topic: whether a message is about the topic at all
/// (<see cref="TopicModel"/>) and which difference it asks about (<see cref="DifferenceModel"/>), both over the same
/// <see cref="TextFeatures"/>, so a message is read once for both.
/// </summary>
public sealed class LearnedQuestions
{
    readonly TextFeatures features;
    readonly TopicModel topic;
    readonly DifferenceModel differences;

    LearnedQuestions(TextFeatures features, TopicModel topic, DifferenceModel differences) =>
        (this.features, this.topic, this.differences) = (features, topic, differences);

    /// <summary>The probability that <paramref name="text"/> is about the topic, and that of each difference (indexed by
    /// its number) if it is.</summary>
    public (double OnTopic, double[] Differences) Read(string? text)
    {
        var vector = features.Vector(text);
        return (topic.Probability(vector), differences.Probabilities(vector));
    }

    static readonly ConcurrentDictionary<string, Lazy<LearnedQuestions>> InProcess = new();

    /// <summary>Trained once for the same questions: per process (every host of a test run shares it), and kept between
    /// processes of the same build in a file (<see cref="LearnedModelFile"/>).</summary>
    public static LearnedQuestions For(IReadOnlyList<(string Text, int Difference)> questions) =>
        For(questions, LearnedModelFile.InTempFolder());

    internal static LearnedQuestions For(IReadOnlyList<(string Text, int Difference)> questions, LearnedModelFile file)
    {
        var key = LearnedModelFile.KeyOf(questions.Select(q => $"{q.Difference}\t{q.Text}"));
        return InProcess.GetOrAdd(file.Folder + "/" + key, _ => new(() => file.ReadOrTrain(key, () => Train(questions)))).Value;
    }

    internal void WriteTo(BinaryWriter writer)
    {
        features.WriteTo(writer);
        topic.WriteTo(writer);
        differences.WriteTo(writer);
    }

    internal static LearnedQuestions ReadFrom(BinaryReader reader) =>
        new(TextFeatures.ReadFrom(reader), TopicModel.ReadFrom(reader), DifferenceModel.ReadFrom(reader));

    /// <param name="questions">Each with its difference (1–17), or 0 when it is not about the topic.</param>
    public static LearnedQuestions Train(IReadOnlyList<(string Text, int Difference)> questions)
    {
        var features = TextFeatures.Fit(questions.Select(q => q.Text).ToList());
        var vectors = questions.Select(q => features.Vector(q.Text)).ToArray();
        var topic = TopicModel.Train(vectors, questions.Select(q => q.Difference > 0).ToArray(), features.Count);
        var onTopic = Enumerable.Range(0, questions.Count).Where(i => questions[i].Difference > 0).ToArray();
        var differences = DifferenceModel.Train(onTopic.Select(i => vectors[i]).ToArray(),
            onTopic.Select(i => questions[i].Difference).ToArray(), features.Count);
        return new LearnedQuestions(features, topic, differences);
    }
}
