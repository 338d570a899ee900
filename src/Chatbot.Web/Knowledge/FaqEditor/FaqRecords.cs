using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Chatbot.Web.Knowledge;

/// <summary>An FAQ entry as stored (properties: SQLite and PostgreSQL return different column types). The lists are
/// JSON arrays in their columns.</summary>
public sealed record FaqRow
{
    public string Id { get; init; } = "";
    public int Position { get; init; }
    public int Version { get; init; }
    public string Question { get; init; } = "";
    public string Answer { get; init; } = "";
    public string Related { get; init; } = "[]";
    public string Keywords { get; init; } = "[]";
    public string Questions { get; init; } = "[]";
    public string UpdatedBy { get; init; } = "";
    public DateTimeOffset UpdatedAt { get; init; }
    public string? DeletedBy { get; init; }
    public DateTimeOffset? DeletedAt { get; init; }

    public bool Deleted => DeletedAt is not null;
    public FaqEntry ToEntry() => FaqJson.Entry(Id, Question, Answer, Related, Keywords, Questions);
}

/// <summary>One version of an entry, never changed: what the history shows and a rollback goes back to.</summary>
public sealed record FaqVersion
{
    public string FaqId { get; init; } = "";
    public int Version { get; init; }
    public string Action { get; init; } = "";
    public string Question { get; init; } = "";
    public string Answer { get; init; } = "";
    public string Related { get; init; } = "[]";
    public string Keywords { get; init; } = "[]";
    public string Questions { get; init; } = "[]";
    public string ChangedBy { get; init; } = "";
    public DateTimeOffset ChangedAt { get; init; }
    public string? Note { get; init; }

    public FaqEntry ToEntry() => FaqJson.Entry(FaqId, Question, Answer, Related, Keywords, Questions);
}

/// <summary>An example question or synonym a DistrictAdmin added to one of the 17 differences.</summary>
public sealed record DifferenceAddition
{
    public long Id { get; init; }
    public int Difference { get; init; }
    public string Kind { get; init; } = "";
    public string Text { get; init; } = "";
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }

    public const string Question = "question";
    public const string Synonym = "synonym";
}

/// <summary>An officer's answer proposed as an FAQ entry from the inbox (faq_drafts).</summary>
public sealed record FaqProposal
{
    public long Id { get; init; }
    public string? WardId { get; init; }
    public string Question { get; init; } = "";
    public string Answer { get; init; } = "";
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}

public static class FaqActions
{
    public const string Seed = "seed";
    public const string Create = "create";
    public const string Edit = "edit";
    public const string Delete = "delete";
    public const string Restore = "restore";
    public const string Rollback = "rollback";
    public const string Import = "import";

    public static string Name(string action) => action switch
    {
        Seed => "Nạp từ tệp faq.yaml",
        Create => "Tạo mới",
        Edit => "Sửa",
        Delete => "Xóa",
        Restore => "Khôi phục",
        Rollback => "Quay lại bản cũ",
        Import => "Nhập từ tệp YAML",
        _ => action,
    };
}

internal static class FaqJson
{
    static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public static string Write<T>(IReadOnlyList<T> list) => JsonSerializer.Serialize(list, Options);

    public static FaqEntry Entry(string id, string question, string answer, string related, string keywords, string questions) =>
        new(id, question, answer, JsonSerializer.Deserialize<List<int>>(related) ?? [],
            JsonSerializer.Deserialize<List<string>>(keywords) ?? [], JsonSerializer.Deserialize<List<string>>(questions) ?? []);

    /// <summary>Same text in every field: a save that changes nothing makes no version.</summary>
    public static bool Same(FaqEntry a, FaqEntry b) =>
        a.Id == b.Id && a.Question == b.Question && a.Answer == b.Answer && a.Related.SequenceEqual(b.Related)
        && a.Keywords.SequenceEqual(b.Keywords) && a.Questions.SequenceEqual(b.Questions);

    public static bool Same(IReadOnlyList<FaqEntry> a, IReadOnlyList<FaqEntry> b) =>
        a.Count == b.Count && a.Zip(b).All(p => Same(p.First, p.Second));
}
