using Chatbot.Web.Content;

namespace Chatbot.Web.Wards;

/// <summary>
/// A ward's community tech teams and contact details as the ward keeps them, in one sentence for a citizen — for the
/// answers whose content promises contact details (the FAQ entry <c>to-cong-nghe-so-cong-dong</c>, rendered by the
/// knowledge feature). Only what staff filled in is said; null when the ward keeps nothing.
/// </summary>
public sealed class WardContact(WardRegistry registry, UnitDirectory units, MenuContent content)
{
    public async Task<string?> DescribeAsync(string? wardId, CancellationToken ct)
    {
        if (wardId is null || units.Find(wardId) is not { } unit) return null;
        var book = await registry.CurrentAsync(ct);
        var details = book.Details(unit.Id);
        var teams = book.TeamsOf(unit.Id).Where(t => t.Active).Select(t => t.Name).ToList();
        var parts = new List<string>();
        if (teams.Count > 0)
            parts.Add(Fill("ward_contact_teams", ("{ward}", book.NameOf(unit)), ("{count}", teams.Count.ToString(Invariant)), ("{teams}", string.Join("; ", teams))));
        if (details?.Address is { } address) parts.Add(Fill("handoff_contact_address", ("{address}", address)));
        if (details?.Hotline is { } hotline) parts.Add(Fill("ward_contact_hotline", ("{hotline}", hotline)));
        if (details?.OfficeHours is { } hours) parts.Add(Fill("ward_contact_hours", ("{hours}", hours.Describe())));
        return parts.Count == 0 ? null : string.Join(" ", parts);
    }

    /// <summary><paramref name="text"/> followed by what the ward keeps (<see cref="DescribeAsync"/>), or alone when the ward
    /// is not known or keeps nothing, so the text's general advice still stands.</summary>
    public async Task<string> AppendToAsync(string text, string? wardId, CancellationToken ct) =>
        await DescribeAsync(wardId, ct) is { } details ? text + "\n\n" + details : text;

    static readonly IFormatProvider Invariant = System.Globalization.CultureInfo.InvariantCulture;

    string Fill(string key, params (string Name, string Value)[] values) =>
        values.Aggregate(content.Text(key), (text, v) => text.Replace(v.Name, v.Value, StringComparison.Ordinal));
}
