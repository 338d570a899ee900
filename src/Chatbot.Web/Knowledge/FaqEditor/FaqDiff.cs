namespace Chatbot.Web.Knowledge;

public enum DiffKind { Same, Added, Removed }

/// <summary>A run of words kept, added or removed.</summary>
public sealed record DiffPiece(DiffKind Kind, string Text);

/// <summary>What changed in one field between two versions: the words of a text (<see cref="Words"/>), or the lines
/// added to and removed from a list.</summary>
public sealed record FieldChange(string Field, string Label, IReadOnlyList<DiffPiece> Words, IReadOnlyList<string> Added, IReadOnlyList<string> Removed);

/// <summary>
/// The readable difference between two versions of an FAQ entry, for the history page and the audit log: texts
/// word by word (longest common subsequence), lists and related differences as lines added and removed.
/// </summary>
public static class FaqDiff
{
    /// <summary>Beyond this many words on a side the answer is shown as replaced whole (the table would be too big).</summary>
    const int MaxWords = 2000;

    public static IReadOnlyList<FieldChange> Compare(FaqEntry? before, FaqEntry after)
    {
        var changes = new List<FieldChange>();
        void Text(string field, string? a, string b)
        {
            if (a == b) return;
            changes.Add(new(field, FaqInput.Labels[field], Words(a ?? "", b), [], []));
        }
        void Lines(string field, IEnumerable<string> a, IEnumerable<string> b)
        {
            var (old, now) = (a.ToList(), b.ToList());
            var added = now.Except(old, StringComparer.Ordinal).ToList();
            var removed = old.Except(now, StringComparer.Ordinal).ToList();
            if (added.Count + removed.Count > 0) changes.Add(new(field, FaqInput.Labels[field], [], added, removed));
            else if (!old.SequenceEqual(now)) changes.Add(new(field, FaqInput.Labels[field], [new(DiffKind.Same, "đổi thứ tự")], [], []));
        }
        Text("question", before?.Question, after.Question);
        Text("answer", before?.Answer, after.Answer);
        Lines("related", before?.Related.Select(n => $"điểm {n}") ?? [], after.Related.Select(n => $"điểm {n}"));
        Lines("keywords", before?.Keywords ?? [], after.Keywords);
        Lines("questions", before?.Questions ?? [], after.Questions);
        return changes;
    }

    /// <summary>One line for the audit log: which fields changed, with the counts of lines added and removed.</summary>
    public static string Summary(IReadOnlyList<FieldChange> changes) =>
        changes.Count == 0 ? "không đổi nội dung"
        : string.Join("; ", changes.Select(c => c.Words.Count > 0 ? c.Label
            : $"{c.Label} ({string.Join(", ", new[] { c.Added.Count > 0 ? $"thêm {c.Added.Count}" : null, c.Removed.Count > 0 ? $"bỏ {c.Removed.Count}" : null }.OfType<string>())})"));

    public static IReadOnlyList<DiffPiece> Words(string before, string after)
    {
        var a = before.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var b = after.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (a.Length > MaxWords || b.Length > MaxWords) return Merge([(DiffKind.Removed, before), (DiffKind.Added, after)]);
        // lcs[i, j]: the longest common run of a[i..] and b[j..].
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
            for (var j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        var pieces = new List<(DiffKind, string)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y]) { pieces.Add((DiffKind.Same, a[x])); x++; y++; }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y])) pieces.Add((DiffKind.Added, b[y++]));
            else pieces.Add((DiffKind.Removed, a[x++]));
        }
        return Merge(pieces);
    }

    static List<DiffPiece> Merge(IEnumerable<(DiffKind Kind, string Text)> pieces)
    {
        var merged = new List<DiffPiece>();
        foreach (var (kind, text) in pieces.Where(p => p.Text.Length > 0))
        {
            if (merged.Count > 0 && merged[^1].Kind == kind) merged[^1] = merged[^1] with { Text = merged[^1].Text + " " + text };
            else merged.Add(new(kind, text));
        }
        return merged;
    }
}
