using Supervision.Alerting.Tests.Notify;

namespace Supervision.Alerting.Tests.OnCall;

public sealed class OnCallScheduleTests
{
    private const string Yaml = """
        route: { receiver: mail }
        receivers:
          - name: mail
            email: { smarthost: "127.0.0.1:25", from: "a@b.vn", to: ["ops@b.vn"] }
        users:
          - { name: an, receiver: mail, address: an@b.vn }
          - { name: binh, receiver: mail, address: binh@b.vn }
          - { name: chi, receiver: mail, address: chi@b.vn }
          - { name: dung, receiver: mail, address: dung@b.vn }
        schedules:
          - name: primary
            time_zone: "UTC+7"
            layers:
              - { name: weekdays, rotation: weekly, handoff: "08:00", start: "2026-11-16", users: [an, binh] }
          - name: nights
            time_zone: "+07:00"
            layers:
              - { name: base, rotation: daily, handoff: "18:00", start: "2026-11-20", users: [chi, dung] }
              - { name: empty-before-start, rotation: daily, handoff: "09:00", start: "2027-01-01", users: [an] }
        """;

    private static DateTimeOffset Vn(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, TimeSpan.FromHours(7));

    [Fact]
    public async Task a_weekly_rotation_hands_over_at_the_configured_time_in_vietnam_time()
    {
        await using var h = NotifyHarness.Create(Yaml);
        // 2026-11-16 is a Monday: an's week, binh's from Monday 23rd 08:00 (UTC+7) = 01:00 UTC.
        Assert.Equal("an", (await h.OnCall.OnCallAtAsync("primary", Vn(23, 7, 59), CancellationToken.None))!.Name);
        Assert.Equal("binh", (await h.OnCall.OnCallAtAsync("primary", Vn(23, 8, 0), CancellationToken.None))!.Name);
        Assert.Equal("an", (await h.OnCall.OnCallAtAsync("primary", Vn(30, 8, 0), CancellationToken.None))!.Name);

        var answer = await h.OnCall.AnswerAsync("primary", Vn(22, 12), CancellationToken.None);
        Assert.Equal("an", answer!.Now.User);
        Assert.Equal(Vn(16, 8), answer.Now.From);
        Assert.Equal(Vn(23, 8), answer.Now.Until);
        Assert.Equal("binh", answer.Next!.User);
        Assert.Equal(Vn(23, 8), answer.Next.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero), answer.Next.From!.Value.ToUniversalTime());
    }

    [Fact]
    public async Task a_daily_rotation_hands_over_every_evening_and_nobody_is_on_call_before_it_starts()
    {
        await using var h = NotifyHarness.Create(Yaml);
        Assert.Null(await h.OnCall.OnCallAtAsync("nights", Vn(20, 17, 59), CancellationToken.None));
        Assert.Equal("chi", (await h.OnCall.OnCallAtAsync("nights", Vn(20, 18), CancellationToken.None))!.Name);
        Assert.Equal("chi", (await h.OnCall.OnCallAtAsync("nights", Vn(21, 17, 59), CancellationToken.None))!.Name);
        Assert.Equal("dung", (await h.OnCall.OnCallAtAsync("nights", Vn(21, 18), CancellationToken.None))!.Name);
    }

    [Fact]
    public async Task an_override_takes_precedence_and_shows_as_next_then_hands_back()
    {
        await using var h = NotifyHarness.Create(Yaml);
        var (o, errors) = await h.OnCall.AddOverrideAsync("primary", "chi", Vn(24, 12), Vn(24, 20), "lead", h.Now, CancellationToken.None);
        Assert.Empty(errors);
        Assert.NotNull(o);

        Assert.Equal("chi", (await h.OnCall.OnCallAtAsync("primary", Vn(24, 13), CancellationToken.None))!.Name);
        var before = await h.OnCall.AnswerAsync("primary", Vn(24, 9), CancellationToken.None);
        Assert.Equal("binh", before!.Now.User);
        Assert.Equal("chi", before.Next!.User);
        Assert.Equal(Vn(24, 12), before.Next.From);
        Assert.Equal(Vn(24, 20), before.Next.Until);

        Assert.True(await h.OnCall.DeleteOverrideAsync(o!.Id, "lead", h.Now, CancellationToken.None));
        Assert.Equal("binh", (await h.OnCall.OnCallAtAsync("primary", Vn(24, 13), CancellationToken.None))!.Name);
        var audit = await h.Audit.ListAsync(10, "oncall", CancellationToken.None);
        Assert.Equal(["oncall.override.delete", "oncall.override.create"], audit.Select(e => e.Action));
    }

    [Fact]
    public async Task an_override_for_an_unknown_user_is_rejected_with_the_field_named()
    {
        await using var h = NotifyHarness.Create(Yaml);
        var (o, errors) = await h.OnCall.AddOverrideAsync("primary", "nobody", Vn(24, 12), Vn(24, 11), "lead", h.Now, CancellationToken.None);
        Assert.Null(o);
        Assert.Contains("user: unknown user 'nobody'", errors);
        Assert.Contains("endsAt: must be after startsAt", errors);
    }
}
