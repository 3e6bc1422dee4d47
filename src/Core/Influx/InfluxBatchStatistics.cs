namespace Supervision.Core.Influx;

/// <summary>Counters of an <see cref="InfluxBatchWriter"/> since it was created.</summary>
/// <param name="PointsAppended">Points accepted by Append/TryAppend.</param>
/// <param name="PointsWritten">Points InfluxDB stored (a partial write counts the points it kept).</param>
/// <param name="PointsFailed">Points of failed batches (after retries), or dropped by a partial write.</param>
/// <param name="PointsRefused">Points TryAppend refused at the memory cap (the caller kept them).</param>
/// <param name="BatchesSealed">Batches closed for sending, by size, time, flush or dispose.</param>
/// <param name="BatchesWritten">Successful writes (a split 413 body counts each half).</param>
/// <param name="BatchesFailed">Writes that finally failed.</param>
/// <param name="Retries">Retries after transient errors.</param>
/// <param name="PointsFilling">Points in the batch being filled now.</param>
public readonly record struct InfluxBatchStatistics(
    long PointsAppended,
    long PointsWritten,
    long PointsFailed,
    long PointsRefused,
    long BatchesSealed,
    long BatchesWritten,
    long BatchesFailed,
    long Retries,
    int PointsFilling);
