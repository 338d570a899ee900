namespace Chatbot.Web.Wards;

public enum WardsProblemKind { Invalid, NotFound }

/// <summary>Why a change to teams or ward details was refused: the API answers it as ProblemDetails, the console shows
/// the Vietnamese field errors next to the fields. Another ward's team or ward is NotFound, as if it did not exist.</summary>
public sealed record WardsProblem(WardsProblemKind Kind, string Title, string Detail, IDictionary<string, string[]>? Errors = null)
{
    public int Status => Kind == WardsProblemKind.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest;

    public static WardsProblem Invalid(IDictionary<string, string[]> errors, string title) =>
        new(WardsProblemKind.Invalid, title, string.Join(" ", errors.Values.SelectMany(e => e)), errors);
    public static WardsProblem NoTeam(string code) =>
        new(WardsProblemKind.NotFound, "Không tìm thấy tổ", $"Không có tổ mã «{code}», hoặc tổ không thuộc phường của bạn.");
    public static WardsProblem NoWard(string? ward) =>
        new(WardsProblemKind.NotFound, "Không tìm thấy phường", $"Không có phường «{ward}», hoặc đó không phải phường của bạn.");
}

/// <summary>What a change came to: its value, or the problem that refused it.</summary>
public sealed record WardsResult<T>(T? Value, WardsProblem? Problem = null)
{
    public static implicit operator WardsResult<T>(WardsProblem problem) => new(default, problem);
    public static WardsResult<T> Ok(T value) => new(value);
}
