using System.Runtime.CompilerServices;

namespace Chatbot.Web.Knowledge;

/// <summary>
/// How likely a message is about IT and digital transformation at all, learned from questions people wrote blind from
/// the dispatch, on topic and off (<see cref="LearnedQuestions"/>). Hand-written concepts recognise the dispatch's ideas;
/// this recognises the ways people ask about them — a club's member list, a parish's donations, a group's fan page —
/// that no list of phrases covers (docs/question-answering.md, round 21).
/// </summary>
/// <remarks>
/// Binary logistic regression over <see cref="TextFeatures"/>, trained at start-up deterministically (a fixed
/// shuffle). Thread-safe once built.
/// </remarks>
public sealed class TopicModel
{
    const int Epochs = 30;

    readonly double[] weights;
    readonly double bias;

    TopicModel(double[] weights, double bias) => (this.weights, this.bias) = (weights, bias);

    /// <summary>The probability (0–1) that the message read as <paramref name="vector"/> is about the topic.</summary>
    public double Probability((int Feature, double Value)[] vector)
    {
        var score = bias;
        foreach (var (feature, value) in vector) score += weights[feature] * value;
        return 1 / (1 + Math.Exp(-score));
    }

    internal void WriteTo(BinaryWriter writer)
    {
        writer.Write(bias);
        LearnedModelFile.Write(writer, weights);
    }

    internal static TopicModel ReadFrom(BinaryReader reader)
    {
        var bias = reader.ReadDouble();
        return new TopicModel(LearnedModelFile.Read<double>(reader), bias);
    }

    public static TopicModel Train((int Feature, double Value)[][] vectors, bool[] onTopic, int features)
    {
        var positives = onTopic.Count(o => o);
        if (positives == 0 || positives == onTopic.Length)
            throw new ArgumentException("Cần câu hỏi cả trong và ngoài chủ đề.", nameof(onTopic));
        var (weights, bias) = Fit(vectors, onTopic, features);
        return new TopicModel(weights, bias);
    }

    /// <summary>Stochastic gradient descent on the class-balanced, L2-regularised log loss (Bottou's decreasing step), the
    /// regularisation kept as one scale factor so that a step touches only the question's own features.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once at start-up: straight to optimised code
    static (double[] Weights, double Bias) Fit((int Feature, double Value)[][] vectors, bool[] onTopic, int features)
    {
        var n = vectors.Length;
        var positives = onTopic.Count(o => o);
        double[] classWeight = [n / (2.0 * (n - positives)), n / (2.0 * positives)];
        var lambda = SgdSchedule.Lambda(n);
        var v = new double[features];
        var (scale, bias) = (1.0, 0.0);
        foreach (var (i, eta) in SgdSchedule.Steps(n, Epochs))
        {
            var margin = bias;
            foreach (var (f, x) in vectors[i]) margin += scale * v[f] * x;
            var y = onTopic[i] ? 1 : 0;
            var gradient = (1 / (1 + Math.Exp(-margin)) - y) * classWeight[y];
            scale *= 1 - eta * lambda;
            foreach (var (f, x) in vectors[i]) v[f] -= eta * gradient * x / scale;
            bias -= eta * gradient;
        }
        return (v.Select(w => w * scale).ToArray(), bias);
    }
}
