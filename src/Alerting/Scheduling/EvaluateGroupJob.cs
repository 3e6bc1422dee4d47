namespace Supervision.Alerting.Scheduling;

/// <summary>One rule group's evaluation. Never two at once for the same group: a slow pass delays the next instead of piling up.</summary>
[DisallowConcurrentExecution]
internal sealed class EvaluateGroupJob(AlertEngine engine, TimeProvider time) : IJob
{
    public const string GroupKey = "group";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var group = context.MergedJobDataMap.GetString(GroupKey)!;
        await engine.EvaluateGroupAsync(group, EvaluationInstant.Choose(context.ScheduledFireTimeUtc, time.GetUtcNow()), cancellationToken);
    }
}
