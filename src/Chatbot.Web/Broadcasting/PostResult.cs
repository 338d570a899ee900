namespace Chatbot.Web.Broadcasting;

/// <summary>Why a post operation was refused: the API answers it as ProblemDetails, the console as a page answer.</summary>
public enum PostProblemKind { Invalid, BadRequest, NotFound, Forbidden, Conflict }

/// <param name="Errors">Field errors (Vietnamese), for <see cref="PostProblemKind.Invalid"/>.</param>
public sealed record PostProblem(PostProblemKind Kind, string Title, string Detail, IDictionary<string, string[]>? Errors = null)
{
    public int Status => Kind switch
    {
        PostProblemKind.NotFound => StatusCodes.Status404NotFound,
        PostProblemKind.Forbidden => StatusCodes.Status403Forbidden,
        PostProblemKind.Conflict => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };

    public static PostProblem Invalid(IDictionary<string, string[]> errors, string title) =>
        new(PostProblemKind.Invalid, title, string.Join(" ", errors.Values.SelectMany(e => e)), errors);
    public static PostProblem Forbidden(string detail) => new(PostProblemKind.Forbidden, "Không có quyền", detail);
    public static PostProblem Conflict(string detail) => new(PostProblemKind.Conflict, "Không đổi được trạng thái", detail);
    public static PostProblem NotFoundPost(long id) =>
        new(PostProblemKind.NotFound, "Không tìm thấy bài", $"Không có bài số {id}, hoặc bài không thuộc phường của bạn.");
}

/// <summary>What a post operation came to: its value, or the problem that refused it.</summary>
public sealed record PostResult<T>(T? Value, PostProblem? Problem = null)
{
    public bool Succeeded => Problem is null;

    public static implicit operator PostResult<T>(PostProblem problem) => new(default, problem);
    public static PostResult<T> Ok(T value) => new(value);
}
