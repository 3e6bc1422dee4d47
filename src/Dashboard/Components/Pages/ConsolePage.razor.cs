namespace Supervision.Dashboard.Components.Pages;

/// <summary>
/// The on-call console: active alerts from the live state (pushed by Alerting, so it updates by itself), filters,
/// each alert's timeline, and the actions, all through <see cref="ConsoleActions"/> (the same rules as the API).
/// </summary>
public sealed partial class ConsolePage : IDisposable
{
    private static readonly string[] Categories = ["firing", "pending", "acknowledged", "silenced"];

    // Lists change on alert pushes; silences, on-call and maintenance are fetched from Alerting this often.
    private static readonly TimeSpan SlowRefresh = TimeSpan.FromSeconds(15);

    // Children listed under an opened incident; the rest are on the incident's page.
    private const int MaxChildrenShown = 50;

    // Exposition problems listed at once; the province and system filters narrow the rest.
    private const int MaxProblemsShown = 200;

    private readonly CancellationTokenSource _stop = new();
    private PeriodicTimer? _timer;
    private ClaimsPrincipal _user = new();
    private ProvinceScope _scope = ProvinceScope.Everything;
    private string _userName = string.Empty;
    private bool _ready;
    private IReadOnlyList<AlertView> _all = [];
    private IReadOnlyList<AlertView> _shown = [];
    private IReadOnlyList<AlertIncident> _incidents = [];
    private IReadOnlyList<ExpositionProblem> _problems = [];
    private DateTimeOffset _now;
    private readonly HashSet<string> _expanded = new(StringComparer.Ordinal);
    private string? _selectedId;
    private AlertView? _selected;
    private IReadOnlyList<TimelineEntry> _timeline = [];
    private AlertRecentData? _recent;
    private IReadOnlyList<SilenceView> _silences = [];
    private IReadOnlyList<MaintenanceEntry> _maintenance = [];
    private IReadOnlyList<OnCallAnswer>? _onCall;
    private string? _onCallError;
    private DateTimeOffset _slowAt = DateTimeOffset.MinValue;
    private readonly ActionRunner _actions = new();
    private string _category = string.Empty;
    private string _province = string.Empty;
    private string _system = string.Empty;
    private string _severity = string.Empty;
    private string _rule = string.Empty;
    private string _ackComment = string.Empty;
    private string _silenceMatchers = string.Empty;
    private int _silenceMinutes = 120;
    private string _silenceUntil = string.Empty;
    private string _silenceComment = string.Empty;
    private string _mwName = string.Empty;
    private string _mwProvince = string.Empty;
    private string _mwSystem = string.Empty;
    private string _mwStart = string.Empty;
    private string _mwEnd = string.Empty;
    private string _mwComment = string.Empty;

    /// <summary>The signed-in user (cascaded).</summary>
    [CascadingParameter] public Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject] private LiveState State { get; set; } = null!;

    [Inject] private TimeProvider Time { get; set; } = null!;

    [Inject] private ExpositionProblemStore Problems { get; set; } = null!;

    [Inject] private AlertingClient Alerting { get; set; } = null!;

    [Inject] private ConsoleActions Actions { get; set; } = null!;

    [Inject] private AlertTimelineLoader Timelines { get; set; } = null!;

    [Inject] private AlertRecentDataLoader RecentData { get; set; } = null!;

    private IEnumerable<AdministrativeUnit> Provinces => State.Inventory.Provinces.Where(p => _scope.Allows(p.Id));

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _timer?.Dispose();
        _stop.Dispose();
    }

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        _user = AuthenticationState is null ? new ClaimsPrincipal() : (await AuthenticationState).User;
        _scope = ProvinceScope.Of(_user);
        _userName = _user.Identity?.Name ?? string.Empty;
        Refresh();
    }

    /// <inheritdoc />
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Only in the live circuit (not the prerender): from here clicks reach the server.
        if (firstRender && RendererInfo.IsInteractive)
        {
            _ready = true;
            _timer = new PeriodicTimer(TimeSpan.FromSeconds(1), Time);
            _ = TickAsync();
            await LoadSlowAsync();
            StateHasChanged();
        }
    }

    private static string Category(AlertView a) =>
        a.Silenced ? "silenced" : a.AcknowledgedBy is not null ? "acknowledged" : a.State == AlertState.Firing ? "firing" : "pending";

    private IEnumerable<string> Distinct(string label) =>
        _all.Select(a => a.Labels.GetValueOrDefault(label)).OfType<string>().Distinct().Order(StringComparer.Ordinal);

    private void Refresh()
    {
        _all = State.National().Alerts.Where(_scope.Allows).ToArray();
        _shown = _all.Where(a =>
                (_category.Length == 0 || Category(a) == _category)
                && (_province.Length == 0 || a.Labels.GetValueOrDefault("province") == _province)
                && (_system.Length == 0 || a.Labels.GetValueOrDefault("system") == _system)
                && (_severity.Length == 0 || a.Severity == _severity)
                && (_rule.Length == 0 || a.Rule == _rule))
            .ToArray();
        _incidents = AlertIncidents.Group(_shown);
        _now = Time.GetUtcNow();
        _problems = Problems.Current(p =>
        {
            var unit = State.Inventory.FindUnit(p.Unit);
            var province = unit is null ? null : unit.ProvinceCode ?? unit.Id;
            return _scope.Allows(province)
                && (_province.Length == 0 || province == _province)
                && (_system.Length == 0 || p.System == _system);
        });
        if (_selectedId is not null && _all.FirstOrDefault(a => a.Id == _selectedId) is { } current)
        {
            _selected = current;
        }
    }

    private async Task TickAsync()
    {
        try
        {
            var ticks = 0;
            while (await _timer!.WaitForNextTickAsync(_stop.Token))
            {
                Refresh();
                if (++ticks % 5 == 0 && _selectedId is not null)
                {
                    await LoadTimelineAsync();
                }

                // The target's recent data moves with the scrapes (every 15 s by default): no need to read it more often.
                if (ticks % 15 == 0 && _selectedId is not null)
                {
                    await LoadRecentAsync();
                }

                if (Time.GetUtcNow() - _slowAt > SlowRefresh)
                {
                    await LoadSlowAsync();
                }

                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException)
        {
            // page closed
        }
    }

    private async Task LoadSlowAsync()
    {
        _slowAt = Time.GetUtcNow();
        if (!Alerting.Enabled)
        {
            _onCallError = "Alerting chưa cấu hình · Alerting is not configured (Dashboard:Alerting:Url)";
            return;
        }

        try
        {
            _onCall = await Alerting.OnCallAsync(_stop.Token);
            _silences = (await Alerting.SilencesAsync(_stop.Token)).Where(s => !_scope.IsBound || s.Matchers.Any(m => m is { Name: "province", IsEqual: true } && _scope.Allows(m.Value))).ToArray();
            _maintenance = await Alerting.MaintenanceAsync(_stop.Token);
            _onCallError = null;
        }
        catch (AlertingApiException ex)
        {
            _onCallError = ex.Message;
        }
    }

    private void Toggle(string id)
    {
        if (!_expanded.Remove(id))
        {
            _expanded.Add(id);
        }
    }

    private async Task SelectAsync(string id)
    {
        _selectedId = id;
        _selected = _all.FirstOrDefault(a => a.Id == id);
        _ackComment = string.Empty;
        _silenceComment = string.Empty;
        _silenceUntil = string.Empty;
        _silenceMatchers = _selected is null ? string.Empty : MatcherText.FromLabels(_selected.Labels);
        _timeline = [];
        _recent = null;
        await LoadTimelineAsync();
        await LoadRecentAsync();
    }

    // Only for the opened alert: one unit's last hour, read when it is opened and while it stays open.
    private async Task LoadRecentAsync()
    {
        if (_selected is not { } alert)
        {
            return;
        }

        try
        {
            _recent = await RecentData.LoadAsync(_user, alert, _stop.Token);
        }
        catch (ConsoleAccessDeniedException ex)
        {
            Show(ex.Message, error: true);
        }
    }

    private static string StatusCss(TargetStatus status) => status switch
    {
        TargetStatus.Up => "st-up",
        TargetStatus.Degraded => "st-degraded",
        TargetStatus.Down => "st-down",
        _ => "st-unknown",
    };

    private async Task LoadTimelineAsync()
    {
        if (_selected is not { } alert)
        {
            return;
        }

        var load = await Timelines.LoadAsync(alert, english: false, _stop.Token);
        _timeline = load.Entries;
        if (load.Error is { } error)
        {
            Show(error, error: true);
        }
    }

    private Task AcknowledgeAsync() => RunAsync(async ct =>
    {
        _selected = await Actions.AcknowledgeAsync(_user, _selectedId!, _ackComment, ct);
        return $"Đã xác nhận · Acknowledged by {_selected.AcknowledgedBy}";
    });

    private Task UnacknowledgeAsync() => RunAsync(async ct =>
    {
        _selected = await Actions.UnacknowledgeAsync(_user, _selectedId!, ct);
        return "Đã bỏ xác nhận · Acknowledgement removed";
    });

    private Task EscalateAsync() => RunAsync(async ct =>
    {
        var done = await Actions.EscalateAsync(_user, _selectedId!, _ackComment, ct);
        return "Đã leo thang · Escalated: " + string.Join("; ", done.Select(d => $"{d.Policy} bước · step {d.Step}: {string.Join(", ", d.Paged)}"));
    });

    private Task SilenceAsync() => RunAsync(async ct =>
    {
        var (matchers, errors) = MatcherText.Parse(_silenceMatchers);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors));
        }

        var now = Time.GetUtcNow();
        var end = string.IsNullOrWhiteSpace(_silenceUntil) ? now.AddMinutes(_silenceMinutes) : VietnamDate.Parse(_silenceUntil, "until");
        var id = await Actions.SilenceAsync(_user, matchers, now, end, _silenceComment, ct);
        _slowAt = DateTimeOffset.MinValue;
        return $"Đã tạm tắt đến · Silenced until {AlertTimeline.Format(end)} ({id})";
    });

    private Task ExpireAsync(string id) => RunAsync(async ct =>
    {
        await Actions.ExpireSilenceAsync(_user, id, ct);
        _slowAt = DateTimeOffset.MinValue;
        return $"Silence {id} expired";
    });

    private Task CreateMaintenanceAsync() => RunAsync(async ct =>
    {
        if (string.IsNullOrWhiteSpace(_mwName))
        {
            throw new ArgumentException("a name is required");
        }

        var request = new MaintenanceRequest(
            _mwName.Trim(), null, NullIfEmpty(_mwProvince), NullIfEmpty(_mwSystem?.Trim()), VietnamDate.Parse(_mwStart, "from"), VietnamDate.Parse(_mwEnd, "to"), null, null, null, NullIfEmpty(_mwComment));
        var created = await Actions.CreateMaintenanceAsync(_user, request, ct);
        _slowAt = DateTimeOffset.MinValue;
        return $"Maintenance window '{created.Window.Name}' created";
    });

    // Every action: one at a time, errors shown in words on the page (never a crashed circuit), then refreshed.
    private Task RunAsync(Func<CancellationToken, Task<string>> action) => _actions.RunAsync(action, async () =>
    {
        await LoadTimelineAsync();
        if (_slowAt == DateTimeOffset.MinValue)
        {
            await LoadSlowAsync();
        }
    }, _stop.Token);

    private void Show(string message, bool error) => _actions.Show(message, error);

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
