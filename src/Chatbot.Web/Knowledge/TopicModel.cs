using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace Chatbot.Web.Knowledge;

/// <summary>
/// How likely a message is about IT and digital transformation at all, learned from questions people wrote blind from
/// the dispatch, on topic and off (dialogs/knowledge/topic.tsv). Hand-written concepts recognise the dispatch's ideas;
/// this recognises the ways people ask about them — a club's member list, a parish's donations, a group's fan page —
/// that no list of phrases covers (docs/question-answering.md, round 21).
/// </summary>
/// <remarks>
/// Logistic regression over TF-IDF of the folded text's character n-grams (2–5, inside words padded with a space:
/// typos, missing diacritics and teencode still share most of them) and of its words and pairs of neighbouring words.
/// Trained at start-up in a fraction of a second, deterministically (a fixed shuffle), once per process for the same
/// questions. A model this small did not justify ML.NET's pipelines and thread-unsafe prediction engines on the request
/// path. Features are hashed into a fixed number of buckets per family (the hashing trick: no vocabulary to build or
/// look up; 2,229 questions fill about 50,000 of the 262,144), so training takes milliseconds and reading a message
/// allocates only its folded text. Thread-safe once built.
/// </remarks>
public sealed class TopicModel
{
    const int MinChars = 2, MaxChars = 5, MinWord = 2;
    const int Bits = 17, Buckets = 1 << Bits; // per family: character n-grams in [0, Buckets), words and pairs after
    const int MinCharDocuments = 2; // a character n-gram seen in one question only is noise
    const double C = 4; // inverse regularisation strength; 1 to 16 did about the same offline
    const int Epochs = 30;
    const double FirstStep = 0.5;

    static readonly ConcurrentDictionary<string, Lazy<TopicModel>> Trained = new();

    readonly float[] idf; // 0 for a feature not kept
    readonly double[] weights;
    readonly double bias;

    TopicModel(float[] idf, double[] weights, double bias) => (this.idf, this.weights, this.bias) = (idf, weights, bias);

    /// <summary>The probability (0–1) that <paramref name="text"/> is about the topic.</summary>
    public double Probability(string? text)
    {
        var score = bias;
        foreach (var (feature, value) in Vector(Pad(text), idf)) score += weights[feature] * value;
        return 1 / (1 + Math.Exp(-score));
    }

    /// <summary>The model for these questions, trained once per process (every host of a test run shares it).</summary>
    public static TopicModel For(IReadOnlyList<(string Text, bool OnTopic)> examples)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('\n', examples.Select(e => (e.OnTopic ? "1\t" : "0\t") + e.Text)))));
        return Trained.GetOrAdd(key, _ => new Lazy<TopicModel>(() => Train(examples))).Value;
    }

    public static TopicModel Train(IReadOnlyList<(string Text, bool OnTopic)> examples)
    {
        var positives = examples.Count(e => e.OnTopic);
        if (positives == 0 || positives == examples.Count)
            throw new ArgumentException("Cần câu hỏi cả trong và ngoài chủ đề.", nameof(examples));
        var padded = examples.Select(e => Pad(e.Text)).ToList();
        var idf = InverseDocumentFrequencies(padded);
        var vectors = padded.Select(t => Vector(t, idf)).ToArray();
        var (weights, bias) = Fit(vectors, examples.Select(e => e.OnTopic).ToArray());
        return new TopicModel(idf, weights, bias);
    }

    /// <summary>Smoothed inverse document frequency, ln((1 + n) / (1 + df)) + 1, of every feature kept: character n-grams
    /// seen in two questions or more, every word and pair.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // half a million features once at start-up
    static float[] InverseDocumentFrequencies(IReadOnlyList<string> padded)
    {
        var df = new int[2 * Buckets];
        var last = new int[2 * Buckets];
        Array.Fill(last, -1);
        var features = new List<int>();
        for (var q = 0; q < padded.Count; q++)
        {
            Features(padded[q], features);
            foreach (var f in features)
                if (last[f] != q) (df[f], last[f]) = (df[f] + 1, q); // once per question
        }
        var idf = new float[2 * Buckets];
        for (var f = 0; f < idf.Length; f++)
            if (df[f] >= (f < Buckets ? MinCharDocuments : 1)) idf[f] = (float)(Math.Log((1.0 + padded.Count) / (1.0 + df[f])) + 1);
        return idf;
    }

    /// <summary>Stochastic gradient descent on the class-balanced, L2-regularised log loss (Bottou's decreasing step), the
    /// regularisation kept as one scale factor so that a step touches only the question's own features.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once at start-up: straight to optimised code
    static (double[] Weights, double Bias) Fit((int Feature, double Value)[][] vectors, bool[] onTopic)
    {
        var n = vectors.Length;
        var positives = onTopic.Count(o => o);
        double[] classWeight = [n / (2.0 * (n - positives)), n / (2.0 * positives)];
        var lambda = 1 / (C * n);
        var v = new double[2 * Buckets];
        var (scale, bias, step) = (1.0, 0.0, 0L);
        var order = Enumerable.Range(0, n).ToArray();
        var random = new Random(838); // any fixed seed makes training repeatable; this is the dispatch's number
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var i in order)
            {
                var eta = FirstStep / (1 + FirstStep * lambda * step++);
                var margin = bias;
                foreach (var (f, x) in vectors[i]) margin += scale * v[f] * x;
                var y = onTopic[i] ? 1 : 0;
                var gradient = (1 / (1 + Math.Exp(-margin)) - y) * classWeight[y];
                scale *= 1 - eta * lambda;
                foreach (var (f, x) in vectors[i]) v[f] -= eta * gradient * x / scale;
                bias -= eta * gradient;
            }
        }
        return (v.Select(w => w * scale).ToArray(), bias);
    }

    /// <summary>" " + folded text + " ": every word then has a space on each side.</summary>
    static string Pad(string? text) => " " + VietnameseText.Fold(text) + " ";

    /// <summary>The hashed features of a padded text: character n-grams of each word with its two spaces (" so ", " chu",
    /// "uyen "), then words of two letters or more and each pair of such neighbours ("doi so").</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // thousands of calls at start-up, then one per message
    static void Features(string padded, List<int> into)
    {
        into.Clear();
        var previous = -1; // start of the previous word, when it was long enough to pair
        for (var start = 1; start < padded.Length; )
        {
            var end = padded.IndexOf(' ', start);
            if (end <= start) break;
            var length = end - start;
            for (var size = MinChars; size <= Math.Min(MaxChars, length + 2); size++)
                for (var at = start - 1; at + size <= end + 1; at++) into.Add(Hash(padded.AsSpan(at, size)));
            if (length >= MinWord)
            {
                into.Add(Buckets + Hash(padded.AsSpan(start, length)));
                if (previous >= 0) into.Add(Buckets + Hash(padded.AsSpan(previous, end - previous)));
                previous = start;
            }
            else previous = -1;
            start = end + 1;
        }
    }

    /// <summary>FNV-1a, folded to <see cref="Bits"/> bits: stable across processes and runs, unlike string hash codes.</summary>
    static int Hash(ReadOnlySpan<char> text)
    {
        var hash = 2166136261u;
        foreach (var c in text) hash = (hash ^ c) * 16777619u;
        return (int)((hash ^ (hash >> Bits)) & (Buckets - 1));
    }

    /// <summary>Sparse TF-IDF vector: sublinear term frequency, each family (characters, words) of length 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static (int Feature, double Value)[] Vector(string padded, float[] idf)
    {
        var features = new List<int>(padded.Length * 4);
        Features(padded, features);
        features.RemoveAll(f => idf[f] == 0);
        features.Sort();
        var vector = new List<(int Feature, double Value)>();
        double charNorm = 0, wordNorm = 0;
        for (var i = 0; i < features.Count; )
        {
            var run = i;
            while (run < features.Count && features[run] == features[i]) run++;
            var value = (1 + Math.Log(run - i)) * idf[features[i]];
            vector.Add((features[i], value));
            if (features[i] < Buckets) charNorm += value * value; else wordNorm += value * value;
            i = run;
        }
        (charNorm, wordNorm) = (Math.Sqrt(charNorm), Math.Sqrt(wordNorm));
        var result = vector.ToArray();
        for (var i = 0; i < result.Length; i++) result[i].Value /= result[i].Feature < Buckets ? charNorm : wordNorm;
        return result;
    }
}
