using System.Text.Json;
using Supervision.Alerting.Tests.Notify;
using Supervision.Testing;

namespace Supervision.Alerting.Tests.OnCall;

public sealed class EscalationTests
{
    // Each person is reached through the same webhook receiver at their own address, carried in the path
    // by an http template so the test can tell who was paged.
    private static string Config(Uri baseAddress, int repeat = 0) => $$$"""
        route:
          receiver: page-critical
          group_by: [province]
          group_wait: 5s
          group_interval: 1m
          repeat_interval: 4h
        receivers:
          - name: page-critical
            escalation: critical
          - name: pager
            http:
              url: "{{{baseAddress}}}page/{{recipient}}"
              body: '{"text": "{{title|json}}", "reason": "{{reason|json}}"}'
              timeout: 2s
        users:
          - { name: an, full_name: Nguyễn Văn An, receiver: pager, address: an }
          - { name: binh, full_name: Trần Thị Bình, receiver: pager, address: binh }
          - { name: lead, full_name: Lê Văn Cường, receiver: pager, address: lead }
        schedules:
          - name: primary
            time_zone: "+07:00"
            layers:
              - { name: weekly, rotation: weekly, handoff: "08:00", start: "2026-11-16", users: [an] }
          - name: backup
            layers:
              - { name: weekly, rotation: weekly, handoff: "08:00", start: "2026-11-16", users: [binh] }
        escalation_policies:
          - name: critical
            repeat: {{{repeat}}}
            steps:
              - { after: 5m, targets: [{ schedule: primary }] }
              - { after: 10m, targets: [{ schedule: backup }] }
              - { after: 15m, targets: [{ user: lead }] }
        """;

    private static string[] Paged(WebhookReceiver r) => r.Received.Select(x => x.Path.Split('/')[^1]).ToArray();

    [Fact]
    public async Task escalation_reaches_step_two_when_step_one_does_not_acknowledge_in_time()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var h = NotifyHarness.Create(Config(receiver.BaseAddress));
        var a = NotifyHarness.Firing("26734");
        await h.StepAsync([a]);
        await h.AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["an"], Paged(receiver));

        await h.AdvanceAsync(TimeSpan.FromMinutes(4));
        Assert.Equal(["an"], Paged(receiver));
        await h.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(["an", "binh"], Paged(receiver));
        using var doc = JsonDocument.Parse(receiver.Received[1].Body);
        Assert.Contains("leo thang bước 2", doc.RootElement.GetProperty("reason").GetString());

        await h.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Equal(["an", "binh", "lead"], Paged(receiver));

        // repeat: 0 → one round only; nothing more however long it stays unacknowledged.
        for (var i = 0; i < 6; i++)
        {
            await h.AdvanceAsync(TimeSpan.FromMinutes(10));
        }

        Assert.Equal(3, receiver.Received.Count);
    }

    [Fact]
    public async Task escalating_by_hand_pages_the_next_step_at_once_in_the_receivers_language_and_is_audited()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var yaml = Config(receiver.BaseAddress).Replace("- name: pager\n", "- name: pager\n    language: en\n", StringComparison.Ordinal);
        Assert.Contains("language: en", yaml, StringComparison.Ordinal);
        await using var h = NotifyHarness.Create(yaml);
        var a = NotifyHarness.Firing("26734");
        await h.StepAsync([a]);
        await h.AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["an"], Paged(receiver));

        // One minute in (step 2 would come at 5 minutes): the engineer asks for help.
        await h.AdvanceAsync(TimeSpan.FromMinutes(1));
        var done = Assert.Single(await h.Pipeline.EscalateAsync(a.Id, "Kỹ sư trực", h.Now, CancellationToken.None));
        Assert.Equal((2, 1, "critical"), (done.Step, done.Round, done.Policy));
        await h.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(["an", "binh"], Paged(receiver));
        using var doc = JsonDocument.Parse(receiver.Received[1].Body);
        Assert.Equal("escalated by Kỹ sư trực to step 2 (round 1)", doc.RootElement.GetProperty("reason").GetString());
        var audit = Assert.Single(await h.Audit.ListAsync(10, "escalation.manual", CancellationToken.None));
        Assert.Equal("Kỹ sư trực", audit.Actor);

        // The timers carry on from step 2: step 3 (the lead) 10 minutes after the hand escalation.
        await h.AdvanceAsync(TimeSpan.FromMinutes(9));
        Assert.Equal(["an", "binh"], Paged(receiver));
        await h.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(["an", "binh", "lead"], Paged(receiver));

        // An alert no escalating group notified: nothing to escalate.
        Assert.Empty(await h.Pipeline.EscalateAsync("unknown-alert", "Kỹ sư trực", h.Now, CancellationToken.None));
    }

    [Fact]
    public async Task an_acknowledgement_stops_the_escalation_but_not_the_alert_and_un_ack_resumes_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var h = NotifyHarness.Create(Config(receiver.BaseAddress));
        var a = NotifyHarness.Firing("26734");
        await h.StepAsync([a]);
        await h.AdvanceAsync(TimeSpan.FromSeconds(5));
        await h.AdvanceAsync(TimeSpan.FromMinutes(2));

        var acked = a with { AcknowledgedBy = "an", AcknowledgedAt = h.Now };
        await h.StepAsync([acked]);
        for (var i = 0; i < 6; i++)
        {
            await h.AdvanceAsync(TimeSpan.FromMinutes(10));
        }

        Assert.Equal(["an"], Paged(receiver));
        var audit = await h.Audit.ListAsync(10, "escalation", CancellationToken.None);
        var stop = Assert.Single(audit);
        Assert.Equal("an", stop.Actor);
        Assert.Equal("escalation.acknowledged", stop.Action);

        // The alert itself goes on: its resolution still reaches whoever was paged.
        await h.StepAsync([NotifyHarness.Resolved(acked, h.Now)]);
        await h.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(["an", "an"], Paged(receiver));
        Assert.Contains("ĐÃ KHẮC PHỤC", receiver.Received[1].Body); // the resolution, in Vietnamese (the default)
    }

    [Fact]
    public async Task un_acknowledging_resumes_the_escalation_at_the_current_step()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var h = NotifyHarness.Create(Config(receiver.BaseAddress));
        var a = NotifyHarness.Firing("26734");
        await h.StepAsync([a]);
        await h.AdvanceAsync(TimeSpan.FromSeconds(5));
        await h.StepAsync([a with { AcknowledgedBy = "an", AcknowledgedAt = h.Now }]);
        await h.AdvanceAsync(TimeSpan.FromMinutes(30));
        Assert.Equal(["an"], Paged(receiver));

        await h.StepAsync([a]);
        Assert.Equal(["an", "an"], Paged(receiver));
        await h.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(["an", "an", "binh"], Paged(receiver));
    }

    [Fact]
    public async Task a_policy_with_repeats_starts_again_from_the_first_step()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var h = NotifyHarness.Create(Config(receiver.BaseAddress, repeat: 1));
        await h.StepAsync([NotifyHarness.Firing("26734")]);
        await h.AdvanceAsync(TimeSpan.FromSeconds(5));
        foreach (var wait in new[] { 5, 10, 15, 5, 10, 15, 30 })
        {
            await h.AdvanceAsync(TimeSpan.FromMinutes(wait));
        }

        Assert.Equal(["an", "binh", "lead", "an", "binh", "lead"], Paged(receiver));
    }
}
