using System.Runtime.CompilerServices;

namespace Chatbot.Web.Knowledge;

/// <summary>
/// Which difference an on-topic message asks about, learned from questions people wrote blind from the dispatch, each
/// marked with its difference (<see cref="LearnedQuestions"/>). The hand-made ranking matches a message against the
/// dispatch's text and the example questions; this has seen how two dozen voices ask about each difference, and
/// joins the ranking as one more piece of evidence (<see cref="QuestionEvidence.LearnedWeight"/>).
/// </summary>
/// <remarks>
/// Multinomial logistic regression (softmax over the differences) over <see cref="TextFeatures"/>, trained at start-up
/// by stochastic gradient descent, deterministically. Thread-safe once built.
/// </remarks>
public sealed class DifferenceModel
{
    const int Epochs = 5;

    readonly int[] differences; // class → difference number
    readonly float[] weights; // [feature × classes + class]
    readonly double[] bias;

    DifferenceModel(int[] differences, float[] weights, double[] bias) =>
        (this.differences, this.weights, this.bias) = (differences, weights, bias);

    /// <summary>The probability of each difference for the message read as <paramref name="vector"/>, indexed by the
    /// difference's number (0 when no training question had it).</summary>
    public double[] Probabilities((int Feature, double Value)[] vector)
    {
        var k = differences.Length;
        var scores = (double[])bias.Clone();
        foreach (var (f, x) in vector)
            for (var c = 0; c < k; c++) scores[c] += weights[f * k + c] * x;
        Softmax(scores);
        var result = new double[differences[^1] + 1];
        for (var c = 0; c < k; c++) result[differences[c]] = scores[c];
        return result;
    }

    internal void WriteTo(BinaryWriter writer)
    {
        LearnedModelFile.Write(writer, differences);
        LearnedModelFile.Write(writer, weights);
        LearnedModelFile.Write(writer, bias);
    }

    internal static DifferenceModel ReadFrom(BinaryReader reader) =>
        new(LearnedModelFile.Read<int>(reader), LearnedModelFile.Read<float>(reader), LearnedModelFile.Read<double>(reader));

    public static DifferenceModel Train((int Feature, double Value)[][] vectors, int[] labels, int features)
    {
        var differences = labels.Distinct().Order().ToArray();
        if (differences.Length < 2) throw new ArgumentException("Cần câu hỏi của ít nhất hai điểm.", nameof(labels));
        var classes = labels.Select(l => Array.IndexOf(differences, l)).ToArray();
        var (weights, bias) = Fit(vectors, classes, differences.Length, features);
        return new DifferenceModel(differences, weights, bias);
    }

    /// <summary>Stochastic gradient descent on the L2-regularised cross-entropy (Bottou's decreasing step), the
    /// regularisation kept as one scale factor so that a step touches only the question's own features.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once at start-up: straight to optimised code
    static (float[] Weights, double[] Bias) Fit((int Feature, double Value)[][] vectors, int[] labels, int classes, int features)
    {
        var n = vectors.Length;
        var lambda = SgdSchedule.Lambda(n);
        var v = new double[features * classes];
        var bias = new double[classes];
        var scores = new double[classes];
        var scale = 1.0;
        foreach (var (i, eta) in SgdSchedule.Steps(n, Epochs))
        {
            Array.Copy(bias, scores, classes);
            foreach (var (f, x) in vectors[i])
                for (var c = 0; c < classes; c++) scores[c] += scale * v[f * classes + c] * x;
            Softmax(scores);
            scores[labels[i]] -= 1; // now the gradient of the cross-entropy by each class's score
            scale *= 1 - eta * lambda;
            foreach (var (f, x) in vectors[i])
                for (var c = 0; c < classes; c++) v[f * classes + c] -= eta * scores[c] * x / scale;
            for (var c = 0; c < classes; c++) bias[c] -= eta * scores[c];
        }
        return (v.Select(w => (float)(w * scale)).ToArray(), bias);
    }

    /// <summary>Scores to probabilities, in place.</summary>
    static void Softmax(double[] scores)
    {
        var max = scores.Max();
        var sum = 0.0;
        for (var c = 0; c < scores.Length; c++) sum += scores[c] = Math.Exp(scores[c] - max);
        for (var c = 0; c < scores.Length; c++) scores[c] /= sum;
    }
}
