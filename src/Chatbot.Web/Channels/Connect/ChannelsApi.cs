using Chatbot.Web.Staff;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Chatbot.Web.Channels.Connect;

public sealed record WardRef(string Id, string Name);

/// <param name="State">connected | needs_reauth | sandbox (<see cref="HealthStates"/>); <paramref name="StateText"/> says it in Vietnamese.</param>
/// <param name="Source">console (connected in the console; wins over wards.yaml and configuration) | config | none.</param>
/// <param name="RefreshExpiresAt">Where the platform refreshes its tokens (Zalo OA): when the refresh token stops working
/// unless a send or publish renews it first; null elsewhere or when unknown.</param>
public sealed record ChannelView(string Id, WardRef Ward, string Platform, string PlatformName, string AccountId, string AccountName,
    string State, string StateText, string Source, DateTimeOffset? ExpiresAt, string? Tier, DateTimeOffset? TierValidThrough,
    DateTimeOffset? LastSendAt, DateTimeOffset? LastPublishAt, string? LastError, string? Warning, DateTimeOffset? RefreshExpiresAt);

/// <summary>GET /api/channels (Bearer token, ProblemDetails): each channel the caller may work on with its health, as on
/// the console's Kênh page. <c>?ward=</c> narrows to one ward; another ward, or one that does not exist, is 404.</summary>
internal static class ChannelsApi
{
    public static IEndpointRouteBuilder MapChannelsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/channels", List).WithTags("Channels").RequireAuthorization(Policies.Staff);
        return routes;
    }

    static async Task<Results<Ok<IReadOnlyList<ChannelView>>, ProblemHttpResult>> List(string? ward, CurrentStaff staff, ChannelHealth health,
        Wards.UnitDirectory units, CancellationToken ct)
    {
        if (ward is { Length: > 0 } && (!staff.MayWorkOn(ward) || units.Find(ward) is null))
            return TypedResults.Problem(title: "Không tìm thấy phường", detail: $"Không có phường «{ward}» trong phạm vi của bạn.", statusCode: 404);
        IReadOnlyCollection<string>? scope = ward is { Length: > 0 } ? [ward] : staff.IsDistrictAdmin ? null : [staff.WardId ?? ""];
        var lines = await health.ListAsync(scope, ct);
        return TypedResults.Ok<IReadOnlyList<ChannelView>>(lines.Select(View).ToList());
    }

    internal static ChannelView View(ChannelHealthLine l) => new(l.Channel.Id, new WardRef(l.Ward.Id, l.Ward.Name), l.Channel.Platform.Value,
        l.PlatformName, l.Channel.AccountId, l.Channel.DisplayName, l.State, l.StateText, l.Source, l.ExpiresAt, l.Tier, l.TierValidThrough,
        l.LastSend, l.LastPublish, l.LastError, l.Warning, l.RefreshExpiresAt);
}
