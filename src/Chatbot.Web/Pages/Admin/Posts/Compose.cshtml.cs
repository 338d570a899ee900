using Chatbot.Web.Broadcasting;
using Chatbot.Web.Channels;
using Chatbot.Web.Wards;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin.Posts;

/// <summary>
/// Compose a post, duplicate one (?from=ID), or edit a draft or a post awaiting approval (?edit=ID; saving it
/// sends it back to draft or, with "Lưu và gửi duyệt", to the approver again). The form becomes the API's <see cref="CreatePostRequest"/> and goes
/// through the same <see cref="PostWorkflow"/>, so messages and limits are the API's; the platforms offered, their limits
/// and previews are the registered publishing platforms'. datetime-local values carry no offset and are read
/// as Asia/Ho_Chi_Minh (PostRules.ParseTime).
/// </summary>
[RequestSizeLimit(MediaStore.MaxBytes + 256 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = MediaStore.MaxBytes + 256 * 1024)]
internal sealed class ComposeModel(PostWorkflow workflow, MediaStore media, UnitDirectory units, Platforms platforms, TimeProvider clock) : ConsolePage
{
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public string? Link { get; set; }
    [BindProperty] public string? ImageUrl { get; set; }
    [BindProperty] public IFormFile? Image { get; set; }
    [BindProperty] public List<string> Wards { get; set; } = [];
    [BindProperty] public List<string> Platforms { get; set; } = platforms.Publishing.Select(p => p.Id.Value).ToList();
    [BindProperty] public string Mode { get; set; } = "once";
    [BindProperty] public string? At { get; set; }
    /// <summary>The cron itself, for «Nâng cao» (RepeatKind = cron) and for posts made through the API.</summary>
    [BindProperty] public string? Cron { get; set; }
    /// <summary>The repeat picker: daily / weekly / monthly (or cron), the time of day, the week days, the day of month.</summary>
    [BindProperty] public string? RepeatKind { get; set; }
    [BindProperty] public string RepeatTime { get; set; } = "08:00";
    [BindProperty] public List<int> RepeatDays { get; set; } = [];
    [BindProperty] public int? RepeatDayOfMonth { get; set; }
    [BindProperty] public string? Until { get; set; }
    /// <summary>The post being edited; null when composing a new one.</summary>
    [BindProperty] public long? EditId { get; set; }

    public Dictionary<string, string[]> Errors { get; private set; } = new(StringComparer.OrdinalIgnoreCase);
    public IReadOnlyList<Unit> AllowedWards { get; private set; } = [];
    public IReadOnlyList<PlatformProfile> Publishing { get; } = platforms.Publishing.ToList();

    /// <summary>{"facebook":63206,…}: the live counters' limits (wwwroot/js/compose.js).</summary>
    public string LimitsJson => System.Text.Json.JsonSerializer.Serialize(Publishing.ToDictionary(p => p.Id.Value, p => p.Posts!.MaxText));

    public IEnumerable<string> ErrorsFor(string field) => Errors.GetValueOrDefault(field) ?? [];

    /// <summary>Each field as the form labels it, and the input it is about: the error summary names and links them.</summary>
    public static readonly IReadOnlyDictionary<string, (string Label, string Input)> Fields = new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase)
    {
        ["text"] = ("Nội dung", "Text"), ["link"] = ("Đường dẫn", "Link"), ["imageUrl"] = ("Ảnh", "Image"), ["wards"] = ("Phường", "wards"),
        ["platforms"] = ("Nền tảng", "platforms"), ["at"] = ("Thời điểm đăng", "At"), ["cron"] = ("Lặp lại", "RepeatKind"),
        ["repeatKind"] = ("Lặp lại", "RepeatKind"), ["repeatTime"] = ("Giờ đăng", "RepeatTime"), ["repeatDays"] = ("Các ngày trong tuần", "repeat-days"),
        ["repeatDayOfMonth"] = ("Ngày trong tháng", "RepeatDayOfMonth"), ["until"] = ("Lặp đến ngày", "Until"), ["state"] = ("Trạng thái bài", "compose"),
    };

    /// <summary>Up to five next publications of the cron the picker makes now (shown under it; compose.js refreshes them).</summary>
    public IReadOnlyList<string> NextTimes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long? from, long? edit, string? at, CancellationToken ct)
    {
        AllowedWards = WardsFor(Staff, units, clock);
        // «Soạn bài» from a calendar day: that day at 08:00, the usual hour for ward news.
        if (PostRules.ParseDay(at) is { } day) At = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T08:00";
        if (Staff.WardId is { } own) Wards = [own];
        if ((edit ?? from) is { } id)
        {
            if ((await workflow.GetAsync(id, Staff, ct)).Value is not { } source) return NotFound();
            (Text, Link, ImageUrl) = (source.Text, source.Link, source.ImageUrl);
            Wards = source.AllWards ? [PostRules.AllWards] : source.Wards.Where(Staff.MayWorkOn).ToList();
            Platforms = source.Platforms.ToList();
            if (source.Cron is not null) (Mode, Cron) = ("recurring", source.Cron);
            PickerFrom(source.Cron);
            if (edit is not null)
            {
                if (source.State is not (PostStates.Draft or PostStates.AwaitingApproval))
                {
                    TempData["Message"] = "Chỉ sửa được bản nháp hoặc bài đang chờ duyệt; bài đã duyệt thì hủy rồi nhân bản để soạn lại.";
                    return Redirect($"/admin/posts/{id}");
                }
                EditId = id;
                (At, Until) = (FormTime(source.At), FormTime(source.Until));
            }
        }
        return Page();
    }

    /// <summary>GET ?handler=Occurrences&amp;…picker fields…: the next publications in Vietnamese, for the live hint under the
    /// picker (compose.js); the same rule and scheduler as saving, so the hint cannot promise other times.</summary>
    public IActionResult OnGetOccurrences(string? repeatKind, string? repeatTime, [FromQuery] List<int>? repeatDays, int? repeatDayOfMonth, string? cron, string? until)
    {
        var made = repeatKind == RepeatRule.Custom ? cron : RepeatRule.From(repeatKind, repeatTime, repeatDays, repeatDayOfMonth).Rule?.Cron;
        return new JsonResult(new { lines = Occurrences(made, until) });
    }

    IReadOnlyList<string> Occurrences(string? cron, string? until)
    {
        if (cron is null || PostScheduler.ParseCron(cron) is null) return [];
        var end = until is { Length: > 0 } ? PostRules.ParseTime(until) : null;
        return RepeatRule.Next(cron, clock.GetUtcNow(), end, 5).Select(RepeatRule.Occurrence).ToList();
    }

    /// <summary>The picker as a stored cron says it; a cron it cannot say opens «Nâng cao» with the cron.</summary>
    void PickerFrom(string? cron)
    {
        if (cron is null) return;
        if (RepeatRule.Parse(cron) is { } rule)
            (RepeatKind, RepeatTime, RepeatDays, RepeatDayOfMonth) = (rule.Kind, rule.Time, rule.Days.ToList(), rule.DayOfMonth);
        else RepeatKind = RepeatRule.Custom;
    }

    /// <summary>A datetime-local value: the Vietnam wall-clock time without offset (the views already carry +07:00).</summary>
    static string? FormTime(DateTimeOffset? local) => local?.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnPostAsync(bool submit, CancellationToken ct)
    {
        AllowedWards = WardsFor(Staff, units, clock);
        string? uploaded = null;
        if (Image is not null)
        {
            var (url, error) = await media.SaveAsync(Image, ct);
            if (error is not null) Errors["imageUrl"] = [error];
            else ImageUrl = uploaded = url;
        }
        var kept = false;
        try
        {
            var recurring = Mode == "recurring";
            if (recurring && RepeatKind is { Length: > 0 } and not RepeatRule.Custom)
            {
                var (rule, pickerErrors) = RepeatRule.From(RepeatKind, RepeatTime, RepeatDays, RepeatDayOfMonth);
                foreach (var (k, v) in pickerErrors) Errors[k] = v;
                Cron = rule?.Cron;
            }
            var request = new CreatePostRequest(Text, Link, ImageUrl, [.. Wards], [.. Platforms],
                recurring ? null : At, recurring ? Cron : null, recurring ? Until : null, submit);
            var result = Errors.Count > 0 ? null
                : EditId is { } editing ? await workflow.UpdateAsync(editing, request, Staff, ct)
                : await workflow.CreateAsync(request, Staff, ct);
            switch (result)
            {
                case { Problem: null, Value: { } saved }:
                    kept = true;
                    TempData["Message"] = (EditId, submit) switch
                    {
                        (null, true) => "Đã lưu và gửi bài cho lãnh đạo phường duyệt.",
                        (null, false) => "Đã lưu bản nháp.",
                        (_, true) => "Đã lưu thay đổi và gửi bài duyệt lại.",
                        _ => "Đã lưu thay đổi; bài trở về bản nháp.",
                    };
                    return Redirect($"/admin/posts/{saved.Id}");
                case { Problem.Kind: PostProblemKind.NotFound }:
                    return NotFound();
                case { Problem.Kind: PostProblemKind.Forbidden }:
                    return StatusCode(StatusCodes.Status403Forbidden);
                case { Problem: { Kind: PostProblemKind.Invalid, Errors: { } errors } }:
                    foreach (var (k, v) in errors) Errors[k] = [.. ErrorsFor(k), .. v];
                    break;
                case { Problem: { } refused }:
                    Errors["state"] = [refused.Detail];
                    break;
            }
            if (uploaded is not null) ImageUrl = null; // the form shows the file must be chosen again
            NextTimes = Occurrences(Cron, Until);
            return Page();
        }
        finally
        {
            // Whatever refused the post (404, 403, a conflict, a field error, an exception), its upload is not kept.
            if (!kept && uploaded is not null) media.DeleteByUrl(uploaded);
        }
    }
}
