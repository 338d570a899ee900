using Chatbot.Web.Staff;
using Chatbot.Web.Wards;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Chatbot.Web.Quiz;

/// <summary>
/// /api/teams (issue 16), Bearer tokens, the console's roles: each route hands its request to <see cref="TeamWorkflow"/>
/// and answers what it came to; refusals are ProblemDetails (field errors as a validation problem), another ward's team 404.
/// </summary>
internal static class TeamsEndpoints
{
    public sealed record NewTeam(string? Ward, string? Name);

    /// <summary>A rename (<see cref="Name"/>) and/or (de)activation (<see cref="Active"/>); absent fields stay as they are.</summary>
    public sealed record TeamChange(string? Name, bool? Active);

    public static RouteGroupBuilder MapTeamsApi(this IEndpointRouteBuilder routes)
    {
        var teams = routes.MapGroup("/api/teams").WithTags("Teams").RequireAuthorization(Policies.Staff);
        teams.MapGet("/", List);
        teams.MapPost("/", Create);
        teams.MapGet("/{code}", Get);
        teams.MapPut("/{code}", Update);
        teams.MapDelete("/{code}", Deactivate);
        return teams;
    }

    static async Task<Results<Ok<IReadOnlyList<TeamView>>, ProblemHttpResult>> List(string? ward, CurrentStaff staff, TeamWorkflow teams, CancellationToken ct) =>
        await teams.ListAsync(ward, staff, ct) switch
        {
            { Problem: { } p } => Problem(p),
            { Value: var list } => TypedResults.Ok(list!),
        };

    static async Task<Results<Created<TeamView>, ValidationProblem, ProblemHttpResult>> Create(NewTeam request, CurrentStaff staff,
        TeamWorkflow teams, CancellationToken ct) =>
        await teams.AddAsync(request.Ward, request.Name, staff, ct) switch
        {
            { Problem: { Kind: WardsProblemKind.Invalid } p } => Invalid(p),
            { Problem: { } p } => Problem(p),
            { Value: var team } => TypedResults.Created($"/api/teams/{team!.Code}", team),
        };

    static async Task<Results<Ok<TeamView>, ProblemHttpResult>> Get(string code, CurrentStaff staff, TeamWorkflow teams, CancellationToken ct) =>
        await teams.GetAsync(code, staff, ct) switch
        {
            { Problem: { } p } => Problem(p),
            { Value: var team } => TypedResults.Ok(team!),
        };

    static async Task<Results<Ok<TeamView>, ValidationProblem, ProblemHttpResult>> Update(string code, TeamChange request, CurrentStaff staff,
        TeamWorkflow teams, CancellationToken ct) =>
        Answer(await teams.UpdateAsync(code, request.Name, request.Active, staff, ct));

    /// <summary>DELETE deactivates: the code is never reused and the team's results stay (PUT {"active": true} reactivates).</summary>
    static async Task<Results<Ok<TeamView>, ValidationProblem, ProblemHttpResult>> Deactivate(string code, CurrentStaff staff,
        TeamWorkflow teams, CancellationToken ct) =>
        Answer(await teams.UpdateAsync(code, null, false, staff, ct));

    static Results<Ok<TeamView>, ValidationProblem, ProblemHttpResult> Answer(WardsResult<TeamView> result) => result switch
    {
        { Problem: { Kind: WardsProblemKind.Invalid } p } => Invalid(p),
        { Problem: { } p } => Problem(p),
        { Value: var team } => TypedResults.Ok(team!),
    };

    static ProblemHttpResult Problem(WardsProblem p) => TypedResults.Problem(title: p.Title, detail: p.Detail, statusCode: p.Status);

    static ValidationProblem Invalid(WardsProblem p) => TypedResults.ValidationProblem(p.Errors!, title: p.Title);
}
