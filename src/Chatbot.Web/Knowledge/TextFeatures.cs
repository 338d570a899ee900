using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Chatbot.Web.Knowledge;

/// <summary>
/// The features the learned models (<see cref="TopicModel"/>, <see cref="DifferenceModel"/>) read a message by: TF-IDF
/// of the folded text's character n-grams (2–5, inside words padded with a space: typos, missing diacritics and teencode
/// still share most of them) and of its words and pairs of neighbouring words, each family scaled to length 1.
/// </summary>
/// <remarks>
/// Features are hashed into a fixed number of buckets per family (the hashing trick: no vocabulary of strings to build
/// or look up; 2,229 questions fill about 50,000 of the 262,144), then the buckets seen in the training questions are
/// numbered densely, so a model's weights cover only those. Reading a message allocates only its folded text and the
/// vector. Thread-safe once built.
/// </remarks>
public sealed class TextFeatures
{
    const int MinChars = 2, MaxChars = 5, MinWord = 2;
    const int Bits = 17, Buckets = 1 << Bits; // per family: character n-grams in [0, Buckets), words and pairs after
    const int MinCharDocuments = 2; // a character n-gram seen in one question only is noise

    readonly int[] ids; // bucket → feature id, −1 for a bucket no training question filled
    readonly float[] idf; // by feature id
    readonly int charFeatures; // feature ids [0, charFeatures) are character n-grams

    TextFeatures(int[] ids, float[] idf, int charFeatures) => (this.ids, this.idf, this.charFeatures) = (ids, idf, charFeatures);

    public int Count => idf.Length;

    internal void WriteTo(BinaryWriter writer)
    {
        writer.Write(charFeatures);
        LearnedModelFile.Write(writer, ids);
        LearnedModelFile.Write(writer, idf);
    }

    internal static TextFeatures ReadFrom(BinaryReader reader)
    {
        var charFeatures = reader.ReadInt32();
        return new TextFeatures(LearnedModelFile.Read<int>(reader), LearnedModelFile.Read<float>(reader), charFeatures);
    }

    /// <summary>The features of these training texts with their smoothed inverse document frequency,
    /// ln((1 + n) / (1 + df)) + 1: character n-grams seen in two texts or more, every word and pair.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // half a million features once at start-up
    public static TextFeatures Fit(IReadOnlyList<string> texts)
    {
        var df = new int[2 * Buckets];
        var last = new int[2 * Buckets];
        Array.Fill(last, -1);
        var buckets = new List<int>();
        for (var t = 0; t < texts.Count; t++)
        {
            BucketsOf(Pad(texts[t]), buckets);
            foreach (var b in buckets)
                if (last[b] != t) (df[b], last[b]) = (df[b] + 1, t); // once per text
        }
        var ids = new int[2 * Buckets];
        var idf = new List<float>();
        var charFeatures = 0;
        for (var b = 0; b < ids.Length; b++)
        {
            if (b == Buckets) charFeatures = idf.Count;
            if (df[b] < (b < Buckets ? MinCharDocuments : 1)) { ids[b] = -1; continue; }
            ids[b] = idf.Count;
            idf.Add((float)(Math.Log((1.0 + texts.Count) / (1.0 + df[b])) + 1));
        }
        return new TextFeatures(ids, idf.ToArray(), charFeatures);
    }

    /// <summary>The sparse TF-IDF vector of <paramref name="text"/>: sublinear term frequency, each family of length 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // thousands of calls at start-up, then one per message
    public (int Feature, double Value)[] Vector(string? text)
    {
        var padded = Pad(text);
        var buckets = new List<int>(padded.Length * 4);
        BucketsOf(padded, buckets);
        var kept = CollectionsMarshal.AsSpan(buckets);
        var count = 0;
        foreach (var b in kept)
            if (ids[b] is var id and >= 0) kept[count++] = id;
        kept = kept[..count];
        kept.Sort();
        var vector = new List<(int Feature, double Value)>(count);
        double charNorm = 0, wordNorm = 0;
        for (var i = 0; i < kept.Length; )
        {
            var run = i;
            while (run < kept.Length && kept[run] == kept[i]) run++;
            var value = (1 + Math.Log(run - i)) * idf[kept[i]];
            vector.Add((kept[i], value));
            if (kept[i] < charFeatures) charNorm += value * value; else wordNorm += value * value;
            i = run;
        }
        (charNorm, wordNorm) = (Math.Sqrt(charNorm), Math.Sqrt(wordNorm));
        var result = vector.ToArray();
        for (var i = 0; i < result.Length; i++) result[i].Value /= result[i].Feature < charFeatures ? charNorm : wordNorm;
        return result;
    }

    /// <summary>" " + folded text + " ": every word then has a space on each side.</summary>
    static string Pad(string? text) => " " + VietnameseText.Fold(text) + " ";

    /// <summary>The hashed buckets of a padded text: character n-grams of each word with its two spaces (" so ", " chu",
    /// "uyen "), then words of two letters or more and each pair of such neighbours ("doi so").</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void BucketsOf(string padded, List<int> into)
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
}
