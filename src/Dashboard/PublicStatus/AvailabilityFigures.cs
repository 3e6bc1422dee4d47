namespace Supervision.Dashboard.PublicStatus;

/// <summary>The public services' availability read from the hourly roll-ups, keyed by province and service.</summary>
/// <param name="ReadAt">When they were read.</param>
/// <param name="Through">The end of the last whole hour they count.</param>
/// <param name="Today">Since midnight, Vietnam time.</param>
/// <param name="Days7">The last 7 days.</param>
public sealed record AvailabilityFigures(
    DateTimeOffset ReadAt,
    DateTimeOffset Through,
    IReadOnlyDictionary<(string Province, string Service), AvailabilityCount> Today,
    IReadOnlyDictionary<(string Province, string Service), AvailabilityCount> Days7)
{
    /// <summary>
    /// Sums the roll-up's rows into the two public services: the portal is the province's own <c>portal</c> system, the
    /// dossier systems are <c>dossier</c> at province and commune level. Every other system stays off the public page.
    /// </summary>
    public static IReadOnlyDictionary<(string Province, string Service), AvailabilityCount> ByService(IEnumerable<SystemAvailabilityCount> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sums = new Dictionary<(string, string), AvailabilityCount>();
        foreach (var row in rows)
        {
            var service = (row.System, row.Level) switch
            {
                (SystemCatalogue.Portal, "province") => StatusPageModel.Portal,
                (SystemCatalogue.Dossier, "province" or "commune") => StatusPageModel.Dossier,
                _ => null,
            };
            if (service is not null && row.Province.Length > 0)
            {
                var key = (row.Province, service);
                sums[key] = sums.GetValueOrDefault(key) + row.Count;
            }
        }

        return sums;
    }
}
