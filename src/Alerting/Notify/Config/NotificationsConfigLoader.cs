using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Supervision.Alerting.Notify.Config;

/// <summary>
/// Reads notifications.yaml. Syntax and unknown keys are reported with file:line; semantic errors name the
/// file and the field path (<c>receivers[2].webhook.url</c>). Secrets may be written <c>${ENV_VAR}</c> or <c>${ENV_VAR:-fallback}</c>.
/// </summary>
public static class NotificationsConfigLoader
{
    // Defaults: a new group waits 10 s so a burst (a province's communes failing together) lands in one message,
    // yet a critical outage pages within seconds; see docs/notifications.md.
    private static readonly RouteTiming DefaultTiming = new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(2), TimeSpan.FromHours(4));
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Loads and validates a file.</summary>
    public static NotificationsConfig LoadFile(string path, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new NotificationConfigException($"{path}: notification configuration file not found");
        }

        return Parse(File.ReadAllText(path), path, environment);
    }

    /// <summary>Parses and validates YAML text; <paramref name="source"/> names it in errors.</summary>
    public static NotificationsConfig Parse(string yaml, string source, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        environment ??= Environment.GetEnvironmentVariable;
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        if (!YamlText.TryDeserialize<NotificationsFile?>(deserializer, yaml, out var file, out var line, out var message))
        {
            throw new NotificationConfigException($"{source}:{line}: {message}");
        }

        return new Builder(source, environment).Build(file ?? new NotificationsFile());
    }

    private sealed class Builder(string source, Func<string, string?> environment)
    {
        private readonly List<string> _errors = [];

        public NotificationsConfig Build(NotificationsFile file)
        {
            var receivers = new Dictionary<string, ReceiverDefinition>(StringComparer.Ordinal);
            for (var i = 0; i < file.Receivers.Count; i++)
            {
                var r = WithLanguage(Receiver(file.Receivers[i], $"receivers[{i}]"), file.Receivers[i].Language, $"receivers[{i}].language");
                if (r is not null && !receivers.TryAdd(r.Name, r))
                {
                    Error($"receivers[{i}].name", $"duplicate receiver '{r.Name}'");
                }
            }

            var users = new Dictionary<string, OnCallUser>(StringComparer.Ordinal);
            for (var i = 0; i < file.Users.Count; i++)
            {
                var u = file.Users[i];
                var at = $"users[{i}]";
                if (Required(u.Name, at + ".name") is not { } name)
                {
                    continue;
                }

                if (Required(u.Receiver, at + ".receiver") is { } rn)
                {
                    if (!receivers.TryGetValue(rn, out var rd))
                    {
                        Error(at + ".receiver", $"unknown receiver '{rn}'");
                    }
                    else if (rd.Kind == ReceiverKind.Escalation)
                    {
                        Error(at + ".receiver", $"'{rn}' is an escalation; a person needs an e-mail, chat or webhook receiver");
                    }
                }

                if (!users.TryAdd(name, new OnCallUser(name, u.FullName ?? name, u.Receiver ?? string.Empty, u.Address)))
                {
                    Error(at + ".name", $"duplicate user '{name}'");
                }
            }

            var schedules = new Dictionary<string, ScheduleDefinition>(StringComparer.Ordinal);
            for (var i = 0; i < file.Schedules.Count; i++)
            {
                var s = Schedule(file.Schedules[i], $"schedules[{i}]", users);
                if (s is not null && !schedules.TryAdd(s.Name, s))
                {
                    Error($"schedules[{i}].name", $"duplicate schedule '{s.Name}'");
                }
            }

            var policies = new Dictionary<string, EscalationPolicy>(StringComparer.Ordinal);
            for (var i = 0; i < file.EscalationPolicies.Count; i++)
            {
                var p = Policy(file.EscalationPolicies[i], $"escalation_policies[{i}]", receivers, users, schedules);
                if (p is not null && !policies.TryAdd(p.Name, p))
                {
                    Error($"escalation_policies[{i}].name", $"duplicate policy '{p.Name}'");
                }
            }

            foreach (var (name, r) in receivers)
            {
                if (r.Kind == ReceiverKind.Escalation && !policies.ContainsKey(r.EscalationPolicy!))
                {
                    Error($"receivers[{name}].escalation", $"unknown escalation policy '{r.EscalationPolicy}'");
                }
            }

            RouteNode? root = null;
            if (file.Route is null)
            {
                Error("route", "missing: the root route names the default receiver");
            }
            else
            {
                root = Route(file.Route, "route", "{}", null, receivers, isRoot: true);
            }

            if (_errors.Count > 0)
            {
                throw new NotificationConfigException(string.Join(Environment.NewLine, _errors));
            }

            return new NotificationsConfig(new RouteTree(root!), receivers, users, schedules, policies);
        }

        private ReceiverDefinition? WithLanguage(ReceiverDefinition? receiver, string? language, string at)
        {
            switch (language?.Trim().ToLowerInvariant())
            {
                case null or "" or "vi":
                    return receiver;
                case "en":
                    return receiver is null ? null : receiver with { Language = MessageLanguage.English };
                default:
                    Error(at, $"'{language}' is not vi or en");
                    return receiver;
            }
        }

        private RouteNode? Route(RouteFile f, string at, string id, RouteNode? parent, Dictionary<string, ReceiverDefinition> receivers, bool isRoot)
        {
            var matchers = new List<Matcher>();
            for (var i = 0; i < f.Matchers.Count; i++)
            {
                try
                {
                    matchers.Add(Matcher.Parse(f.Matchers[i]));
                }
                catch (FormatException ex)
                {
                    Error($"{at}.matchers[{i}]", ex.Message);
                }
            }

            if (isRoot && matchers.Count > 0)
            {
                Error(at + ".matchers", "the root route matches every alert and takes no matchers");
            }

            var receiver = f.Receiver ?? parent?.Receiver;
            if (receiver is null)
            {
                Error(at + ".receiver", "missing (the root route must name a receiver)");
                receiver = string.Empty;
            }
            else if (!receivers.ContainsKey(receiver))
            {
                Error(at + ".receiver", $"unknown receiver '{receiver}'");
            }

            var inherited = parent?.Timing ?? DefaultTiming;
            var timing = new RouteTiming(
                Duration(f.GroupWait, at + ".group_wait") ?? inherited.GroupWait,
                Duration(f.GroupInterval, at + ".group_interval") ?? inherited.GroupInterval,
                Duration(f.RepeatInterval, at + ".repeat_interval") ?? inherited.RepeatInterval);
            if (timing.GroupInterval <= TimeSpan.Zero || timing.RepeatInterval <= TimeSpan.Zero)
            {
                Error(at, "group_interval and repeat_interval must be positive");
            }

            var nodeId = isRoot ? id : id + "/{" + string.Join(",", matchers.Select(m => m.ToString())) + "}";
            var groupBy = (IReadOnlyList<string>?)f.GroupBy?.ToArray() ?? parent?.GroupBy ?? [];
            var provisional = new RouteNode(nodeId, matchers, receiver, groupBy, timing, f.Continue, []);
            var children = new List<RouteNode>();
            for (var i = 0; i < f.Routes.Count; i++)
            {
                var child = Route(f.Routes[i], $"{at}.routes[{i}]", nodeId + "/" + i.ToString(CultureInfo.InvariantCulture), provisional, receivers, isRoot: false);
                if (child is not null)
                {
                    children.Add(child);
                }
            }

            return new RouteNode(nodeId, matchers, receiver, groupBy, timing, f.Continue, children);
        }

        private ReceiverDefinition? Receiver(ReceiverFile f, string at)
        {
            if (Required(f.Name, at + ".name") is not { } name)
            {
                return null;
            }

            var kinds = (f.Webhook is null ? 0 : 1) + (f.Email is null ? 0 : 1) + (f.Http is null ? 0 : 1) + (f.Escalation is null ? 0 : 1);
            if (kinds != 1)
            {
                Error(at, $"receiver '{name}' needs exactly one of webhook, email, http, escalation (found {kinds})");
                return null;
            }

            if (f.Webhook is { } w)
            {
                var url = Url(Expand(w.Url, at + ".webhook.url"), at + ".webhook.url");
                var timeout = Duration(w.Timeout, at + ".webhook.timeout") ?? DefaultTimeout;
                if (w.MaxAlerts < 0)
                {
                    Error(at + ".webhook.max_alerts", "must be 0 (all) or more");
                }

                return url is null ? null : new ReceiverDefinition(name, ReceiverKind.Webhook, Webhook: new WebhookSettings(url, Expand(w.BearerToken, at + ".webhook.bearer_token"), timeout, w.MaxAlerts));
            }

            if (f.Email is { } e)
            {
                var hostPort = Required(e.Smarthost, at + ".email.smarthost");
                string host = string.Empty;
                var port = 0;
                if (hostPort is not null)
                {
                    var colon = hostPort.LastIndexOf(':');
                    if (colon <= 0 || !int.TryParse(hostPort.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
                    {
                        Error(at + ".email.smarthost", $"'{hostPort}' is not host:port");
                    }
                    else
                    {
                        host = hostPort[..colon];
                    }
                }

                var from = Required(e.From, at + ".email.from");
                var security = SmtpServer.ParseSecurity(e.Security ?? "auto");
                if (security is null)
                {
                    Error(at + ".email.security", $"'{e.Security}' is not one of none, starttls, tls, auto");
                }

                return new ReceiverDefinition(name, ReceiverKind.Email, Email: new EmailSettings(
                    host, port, from ?? string.Empty, e.To.ToArray(), e.Username, Expand(e.Password, at + ".email.password"),
                    security ?? SmtpSecurity.Auto, Duration(e.Timeout, at + ".email.timeout") ?? DefaultTimeout));
            }

            if (f.Http is { } h)
            {
                // Expanded here, at load: the URL is a template rendered at each send, where a "${…}" left in it only
                // showed up as a failed beat (the shipped dead-man's switch never beat).
                var url = Expand(Required(h.Url, at + ".http.url"), at + ".http.url");
                var body = h.Body ?? string.Empty;
                var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (k, v) in h.Secrets)
                {
                    secrets[k] = Expand(v, $"{at}.http.secrets.{k}") ?? string.Empty;
                }

                foreach (var (field, template) in new[] { ("url", url ?? string.Empty), ("body", body) }.Concat(h.Headers.Select(kv => ("headers." + kv.Key, kv.Value))))
                {
                    if (MessageTemplate.Validate(template, secrets.Keys) is { } problem)
                    {
                        Error($"{at}.http.{field}", problem);
                    }
                }

                return new ReceiverDefinition(name, ReceiverKind.Http, Http: new HttpTemplateSettings(
                    url ?? string.Empty, (h.Method ?? "POST").ToUpperInvariant(), h.ContentType ?? "application/json", body,
                    new Dictionary<string, string>(h.Headers, StringComparer.OrdinalIgnoreCase), secrets, h.Recipient,
                    Duration(h.Timeout, at + ".http.timeout") ?? DefaultTimeout));
            }

            return new ReceiverDefinition(name, ReceiverKind.Escalation, EscalationPolicy: f.Escalation);
        }

        private ScheduleDefinition? Schedule(ScheduleFile f, string at, Dictionary<string, OnCallUser> users)
        {
            if (Required(f.Name, at + ".name") is not { } name)
            {
                return null;
            }

            if (!TimeZoneText.TryParse(f.TimeZone, out var zone, out var zoneError))
            {
                Error(at + ".time_zone", zoneError);
            }

            if (f.Layers.Count == 0)
            {
                Error(at + ".layers", "a schedule needs at least one layer");
            }

            var layers = new List<RotationLayer>();
            for (var i = 0; i < f.Layers.Count; i++)
            {
                var l = f.Layers[i];
                var la = $"{at}.layers[{i}]";
                RotationKind? kind = (l.Rotation ?? "weekly").ToLowerInvariant() switch
                {
                    "daily" => RotationKind.Daily,
                    "weekly" => RotationKind.Weekly,
                    _ => null,
                };
                if (kind is null)
                {
                    Error(la + ".rotation", $"'{l.Rotation}' is not daily or weekly");
                }

                if (!TimeOnly.TryParseExact(l.Handoff ?? "08:00", "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var handoff))
                {
                    Error(la + ".handoff", $"'{l.Handoff}' is not HH:mm");
                }

                if (!DateOnly.TryParseExact(l.Start ?? string.Empty, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
                {
                    Error(la + ".start", $"'{l.Start}' is not a date yyyy-MM-dd");
                }

                if (l.Users.Count == 0)
                {
                    Error(la + ".users", "a layer needs at least one user");
                }

                foreach (var u in l.Users.Where(u => !users.ContainsKey(u)))
                {
                    Error(la + ".users", $"unknown user '{u}'");
                }

                layers.Add(new RotationLayer(l.Name ?? $"layer {i + 1}", kind ?? RotationKind.Weekly, start, handoff, l.Users.ToArray()));
            }

            return new ScheduleDefinition(name, zone, layers);
        }

        private EscalationPolicy? Policy(
            EscalationPolicyFile f,
            string at,
            Dictionary<string, ReceiverDefinition> receivers,
            Dictionary<string, OnCallUser> users,
            Dictionary<string, ScheduleDefinition> schedules)
        {
            if (Required(f.Name, at + ".name") is not { } name)
            {
                return null;
            }

            if (f.Repeat is < 0 or > 100)
            {
                Error(at + ".repeat", "must be between 0 and 100");
            }

            if (f.Steps.Count == 0)
            {
                Error(at + ".steps", "a policy needs at least one step");
            }

            var steps = new List<EscalationStep>();
            for (var i = 0; i < f.Steps.Count; i++)
            {
                var s = f.Steps[i];
                var sa = $"{at}.steps[{i}]";
                var after = Duration(s.After, sa + ".after") ?? TimeSpan.FromMinutes(5);
                if (after <= TimeSpan.Zero)
                {
                    Error(sa + ".after", "must be positive");
                }

                var targets = new List<StepTarget>();
                for (var j = 0; j < s.Targets.Count; j++)
                {
                    var t = s.Targets[j];
                    var ta = $"{sa}.targets[{j}]";
                    var count = (t.Schedule is null ? 0 : 1) + (t.User is null ? 0 : 1) + (t.Receiver is null ? 0 : 1);
                    if (count != 1)
                    {
                        Error(ta, "needs exactly one of schedule, user, receiver");
                        continue;
                    }

                    if (t.Schedule is not null && !schedules.ContainsKey(t.Schedule)) { Error(ta + ".schedule", $"unknown schedule '{t.Schedule}'"); }
                    if (t.User is not null && !users.ContainsKey(t.User)) { Error(ta + ".user", $"unknown user '{t.User}'"); }
                    if (t.Receiver is not null && (!receivers.TryGetValue(t.Receiver, out var rd) || rd.Kind == ReceiverKind.Escalation))
                    {
                        Error(ta + ".receiver", $"'{t.Receiver}' is not a webhook, e-mail or http receiver");
                    }

                    targets.Add(new StepTarget(t.Schedule, t.User, t.Receiver));
                }

                if (s.Targets.Count == 0)
                {
                    Error(sa + ".targets", "a step needs at least one target");
                }

                steps.Add(new EscalationStep(after, targets));
            }

            return new EscalationPolicy(name, steps, f.Repeat);
        }

        private Uri? Url(string? text, string at)
        {
            if (Required(text, at) is not { } s)
            {
                return null;
            }

            if (!Uri.TryCreate(s, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                Error(at, $"'{s}' is not an absolute http(s) URL");
                return null;
            }

            return uri;
        }

        private TimeSpan? Duration(string? text, string at)
        {
            if (text is null)
            {
                return null;
            }

            if (!DurationText.TryParse(text, out var value, out var error))
            {
                Error(at, error);
                return null;
            }

            return value;
        }

        private string? Expand(string? value, string at)
        {
            if (value is null || !value.StartsWith("${", StringComparison.Ordinal) || !value.EndsWith('}'))
            {
                return value;
            }

            // ${NAME} must be set; ${NAME:-fallback} falls back (for optional receivers in the shipped config).
            var inner = value[2..^1];
            var dash = inner.IndexOf(":-", StringComparison.Ordinal);
            var name = dash < 0 ? inner : inner[..dash];
            var resolved = environment(name);
            if (string.IsNullOrEmpty(resolved))
            {
                if (dash >= 0)
                {
                    return inner[(dash + 2)..];
                }

                Error(at, $"environment variable '{name}' is not set");
            }

            return resolved;
        }

        private string? Required(string? value, string at)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Error(at, "missing");
                return null;
            }

            return value;
        }

        private void Error(string at, string message) => _errors.Add($"{source}: {at}: {message}");
    }
}
