namespace Supervision.Dashboard.Components.Pages;

/// <summary>One label of the alert with the inventory's name for its value (unit, province, system).</summary>
/// <param name="Key">Label name.</param>
/// <param name="Value">Label value.</param>
/// <param name="Name">The value's name, or empty.</param>
public sealed record AlertLabelRow(string Key, string Value, string Name);

/// <summary>
/// The page of one alert, <c>/alerts/{id}</c>: where every notification and list links. Any signed-in user in the
/// alert's province sees it (labels with names, timeline, who acknowledged, covered alerts, the target's recent
/// data); operators, engineers and admins also act on it, through <see cref="ConsoleActions"/> like the console.
/// An active alert comes from the live state (instant); a resolved one from Alerting's API.
/// </summary>
public sealed partial class AlertPage : IDisposable
{
    private const int ChildrenShown = 40;
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stop = new();
    private PeriodicTimer? _timer;
    private ClaimsPrincipal _user = new();
    private ProvinceScope _scope = ProvinceScope.Everything;
    private bool _loaded;
    private AlertView? _alert;
    private AlertView? _parent;
    private IReadOnlyList<AlertView> _children = [];
    private IReadOnlyList<AlertLabelRow> _labels = [];
    private IReadOnlyList<TimelineEntry> _timeline = [];
    private AlertRecentData? _recent;
    private string? _note;
    private readonly ActionRunner _actions = new();
    private string _ackComment = string.Empty;
    private string _silenceComment = string.Empty;
    private int _silenceMinutes = 120;

    /// <summary>The alert id (fingerprint) from the route.</summary>
    [Parameter] public string Id { get; set; } = string.Empty;

    /// <summary>The signed-in user (cascaded).</summary>
    [CascadingParameter] public Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>The request's language (cascaded).</summary>
    [CascadingParameter] public UiLanguage? Language { get; set; }

    [Inject] private LiveState State { get; set; } = null!;

    [Inject] private TimeProvider Time { get; set; } = null!;

    [Inject] private AlertingClient Alerting { get; set; } = null!;

    [Inject] private ConsoleActions Actions { get; set; } = null!;

    [Inject] private AlertTimelineLoader Timelines { get; set; } = null!;

    [Inject] private AlertRecentDataLoader RecentData { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    private bool English => UiLanguage.IsEnglish(Navigation.Uri, Language);

    private string ChildrenTitle
    {
        get
        {
            var units = new AlertIncident(_alert!, _children, false).CoveredUnits;
            return English
                ? $"Covered alerts: {_children.Count} ({units} units affected)"
                : $"Cảnh báo thuộc sự cố này: {_children.Count} ({units} {UnitWord} bị ảnh hưởng)";
        }
    }

    // "xã" when the covered units are communes (a province's outage), "đơn vị" otherwise.
    private string UnitWord => _children.All(c => c.Labels.GetValueOrDefault("unit") is { } u && State.Inventory.FindUnit(u)?.Level == UnitLevel.Commune) ? "xã" : "đơn vị";

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _timer?.Dispose();
        _stop.Dispose();
    }

    /// <inheritdoc />
    protected override async Task OnParametersSetAsync()
    {
        _user = AuthenticationState is null ? new ClaimsPrincipal() : (await AuthenticationState).User;
        _scope = ProvinceScope.Of(_user);
        await LoadAsync(full: true);
        _loaded = true;
    }

    /// <inheritdoc />
    protected override void OnAfterRender(bool firstRender)
    {
        // Only in the live circuit (not the prerender): keep the page current while it is open.
        if (firstRender && RendererInfo.IsInteractive)
        {
            _timer = new PeriodicTimer(RefreshEvery, Time);
            _ = TickAsync();
        }
    }

    private async Task TickAsync()
    {
        try
        {
            while (await _timer!.WaitForNextTickAsync(_stop.Token))
            {
                await LoadAsync(full: true);
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException)
        {
            // page closed
        }
    }

    private async Task LoadAsync(bool full)
    {
        var alert = State.Alert(Id);
        if (alert is null && Alerting.Enabled)
        {
            try
            {
                alert = await Alerting.AlertAsync(Id, _stop.Token);
            }
            catch (AlertingApiException ex)
            {
                _note = (English ? "Alerting did not answer: " : "Không hỏi được Alerting: ") + ex.Message;
            }
        }

        // Outside the user's provinces the page says no more than for an unknown id.
        _alert = alert is not null && _scope.Allows(alert) ? alert : null;
        if (_alert is null)
        {
            return;
        }

        _note = null;
        _parent = _alert.InhibitedBy is { } p ? State.Alert(p) : null;
        _children = State.InhibitedBy(_alert.Id);
        _labels = [.. _alert.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => new AlertLabelRow(l.Key, l.Value, NameOf(l.Key, l.Value)))];
        if (full)
        {
            await LoadTimelineAsync(_alert);
            try
            {
                _recent = await RecentData.LoadAsync(_user, _alert, _stop.Token);
            }
            catch (ConsoleAccessDeniedException ex)
            {
                Show(ex.Message, error: true);
            }
        }
    }

    private async Task LoadTimelineAsync(AlertView alert)
    {
        var load = await Timelines.LoadAsync(alert, English, _stop.Token);
        _timeline = load.Entries;
        if (load.Error is { } error)
        {
            Show(error, error: true);
        }
    }

    private string NameOf(string key, string value) => key switch
    {
        "unit" or "province" => State.Inventory.FindUnit(value)?.Name ?? string.Empty,
        "system" => SystemName(value),
        _ => string.Empty,
    };

    private string SystemName(string key) => SystemCatalogue.Find(key) is { } kind ? (English ? kind.Description : kind.NameVi) : key;

    private static string Format(DateTimeOffset at) =>
        VietnamTime.ToVietnam(at).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture) + " (UTC+7)";

    private Task AcknowledgeAsync() => RunAsync(async ct =>
    {
        var acked = await Actions.AcknowledgeAsync(_user, Id, _ackComment, ct);
        return (English ? "Acknowledged by " : "Đã xác nhận: ") + acked.AcknowledgedBy;
    });

    private Task UnacknowledgeAsync() => RunAsync(async ct =>
    {
        await Actions.UnacknowledgeAsync(_user, Id, ct);
        return English ? "Acknowledgement removed" : "Đã bỏ xác nhận";
    });

    // The next escalation step now, for whoever needs help before the timers would call it (comment: the ack field's).
    private Task EscalateAsync() => RunAsync(async ct =>
    {
        var done = await Actions.EscalateAsync(_user, Id, _ackComment, ct);
        var steps = string.Join("; ", done.Select(d => English
            ? $"step {d.Step} of {d.Policy}: {string.Join(", ", d.Paged)}"
            : $"bước {d.Step} của {d.Policy}: {string.Join(", ", d.Paged)}"));
        return (English ? "Escalated — " : "Đã leo thang — ") + steps;
    });

    // A silence of exactly this alert (all its labels): wider silences belong to the console, where matchers are edited.
    private Task SilenceAsync() => RunAsync(async ct =>
    {
        var (matchers, errors) = MatcherText.Parse(MatcherText.FromLabels(_alert!.Labels));
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors));
        }

        var end = Time.GetUtcNow().AddMinutes(_silenceMinutes);
        var id = await Actions.SilenceAsync(_user, matchers, null, end, _silenceComment, ct);
        return (English ? "Silenced until " : "Đã tạm tắt đến ") + Format(end) + $" ({id})";
    });

    // One action at a time; errors in words on the page (never a crashed circuit); then the page is re-read.
    private Task RunAsync(Func<CancellationToken, Task<string>> action) => _actions.RunAsync(action, () => LoadAsync(full: true), _stop.Token);

    private void Show(string message, bool error) => _actions.Show(message, error);
}
