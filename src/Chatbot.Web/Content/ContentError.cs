namespace Chatbot.Web.Content;

/// <summary>One problem in the content under dialogs/: where it is and what is wrong, in words an editor can act on.</summary>
public sealed record ContentError(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

/// <summary>Stops start-up listing every problem found in the content, not just the first.</summary>
public sealed class ContentException(IReadOnlyList<ContentError> errors)
    : Exception("Nội dung trong dialogs/ có lỗi (content errors):" + Environment.NewLine +
                string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
{
    public IReadOnlyList<ContentError> Errors { get; } = errors;
}
