using Supervision.Dashboard.Alerts;

namespace Supervision.Dashboard.Components.Pages;

/// <summary>
/// <c>/alerts/group?key=…</c>: what a message about several alerts links to (its notification group, as Alerting keeps
/// it). A group of one alert the user may see goes straight to that alert's page; otherwise the page lists the group's
/// alerts, incidents before what they cover, each linking to its page.
/// </summary>
public sealed partial class AlertGroupPage
{
    private bool _loaded;
    private string? _note;
    private NotificationGroup? _group;
    private IReadOnlyList<AlertView> _alerts = [];

    /// <summary>The group key (a notification's <c>groupKey</c>).</summary>
    [SupplyParameterFromQuery(Name = "key")] public string? Key { get; set; }

    /// <summary>The signed-in user (cascaded).</summary>
    [CascadingParameter] public Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>The request's language (cascaded).</summary>
    [CascadingParameter] public UiLanguage? Language { get; set; }

    [Inject] private LiveState State { get; set; } = null!;

    [Inject] private AlertingClient Alerting { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    private bool English => UiLanguage.IsEnglish(Navigation.Uri, Language);

    private string GroupText => _group is null ? string.Empty : string.Join(", ", _group.GroupLabels.Select(l => $"{l.Key}={l.Value}"));

    /// <inheritdoc />
    protected override async Task OnParametersSetAsync()
    {
        var user = AuthenticationState is null ? new System.Security.Claims.ClaimsPrincipal() : (await AuthenticationState).User;
        var scope = ProvinceScope.Of(user);
        if (string.IsNullOrEmpty(Key))
        {
            (_note, _loaded) = (English ? "No group key given (?key=)" : "Thiếu khóa nhóm (?key=)", true);
            return;
        }

        try
        {
            _group = Alerting.Enabled ? await Alerting.GroupAsync(Key, CancellationToken.None) : null;
        }
        catch (AlertingApiException ex)
        {
            (_note, _loaded) = ((English ? "Alerting did not answer: " : "Không hỏi được Alerting: ") + ex.Message, true);
            return;
        }

        var alerts = new List<AlertView>();
        foreach (var id in _group?.AlertIds ?? [])
        {
            var alert = State.Alert(id) ?? await Alerting.AlertAsync(id, CancellationToken.None);
            if (alert is not null && scope.Allows(alert))
            {
                alerts.Add(alert);
            }
        }

        // Incidents first (not covered), then firing before the rest, worst severity first.
        _alerts = [.. alerts.OrderBy(a => a.InhibitedBy is null ? 0 : 1).ThenBy(a => a.State == AlertState.Firing ? 0 : 1)
            .ThenBy(a => AlertIncidents.SeverityRank(a.Severity)).ThenBy(a => a.ActiveSince)];
        if (_alerts.Count == 1)
        {
            // One alert: its page is the answer (a redirect while prerendering, a navigation in a live circuit).
            Navigation.NavigateTo(AlertLinks.Page(_alerts[0].Id), replace: true);
            return;
        }

        _note = _alerts.Count == 0
            ? (English ? $"No alert of group {Key} (resolved and forgotten, or outside your provinces)" : $"Không có cảnh báo nào của nhóm {Key} (đã khắc phục và hết lưu, hoặc ngoài phạm vi tỉnh của bạn)")
            : null;
        _loaded = true;
    }
}
