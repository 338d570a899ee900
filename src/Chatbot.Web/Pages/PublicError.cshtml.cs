using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Chatbot.Web.Pages;

/// <summary>
/// An error on a public page opened in a browser (a mistyped quiz or standings link, a former ward's board, a crash) as a
/// page in Vietnamese with a way home — instead of "Status Code: 404; Not Found". The status code stays. Re-executed by
/// <see cref="PublicErrorPages.UsePublicErrorPages"/>; programs (the API, webhooks, curl) keep ProblemDetails.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
internal sealed class PublicErrorModel : PageModel
{
    public int Code { get; private set; }
    public string Heading { get; private set; } = "";
    public string Explanation { get; private set; } = "";

    public IActionResult OnGet(int code)
    {
        Code = ErrorStatus.Of(HttpContext, code);
        (Heading, Explanation) = Code switch
        {
            404 => ("Không tìm thấy trang này", "Đường dẫn có thể gõ sai, đã cũ, hoặc thuộc một phường, một tổ không còn hoạt động. Bạn kiểm tra lại đường dẫn, hoặc về trang chủ để hỏi đáp và làm bài trắc nghiệm."),
            >= 500 => ("Đã có lỗi phía máy chủ", "Lỗi đã được ghi lại để cán bộ kỹ thuật xem. Bạn thử lại sau ít phút nhé."),
            _ => ("Không mở được trang này", "Yêu cầu không thực hiện được. Bạn quay lại trang trước hoặc về trang chủ nhé."),
        };
        Response.StatusCode = Code;
        return Page();
    }
}

internal static class PublicErrorPages
{
    /// <summary>A browser's GET outside the console and the machine routes (it asks for HTML) gets <see cref="PublicErrorModel"/>
    /// for an empty 4xx/5xx answer or a crash. Placed before routing, like the console's error pages.</summary>
    public static IApplicationBuilder UsePublicErrorPages(this IApplicationBuilder app) =>
        app.UseWhen(ForABrowser, branch =>
        {
            branch.UseExceptionHandler("/loi/500");
            branch.UseStatusCodePagesWithReExecute("/loi/{0}");
        });

    static readonly string[] MachineRoutes = ["/admin", "/api", "/webhooks", "/health", "/hangfire", "/metrics", "/media", "/loi"];

    static bool ForABrowser(HttpContext http) =>
        HttpMethods.IsGet(http.Request.Method)
        && !MachineRoutes.Any(r => http.Request.Path.StartsWithSegments(r))
        && http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
}
