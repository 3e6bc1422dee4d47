namespace Supervision.Core.Domain;

/// <summary>An administrative unit whose systems are watched.</summary>
/// <param name="Id">Official code: <c>central</c>, a 2-digit province code or a 5-digit commune code.</param>
/// <param name="Name">Vietnamese name, e.g. "Phường Tân Định".</param>
/// <param name="NameAscii">Tone-free name for logs, URLs and sorting.</param>
/// <param name="Level">Central, province or commune.</param>
/// <param name="ProvinceCode">The province a commune belongs to; a province's own code; null for central.</param>
/// <param name="Kind">city/province for provinces; commune/ward/special-zone for communes; agency for central.</param>
/// <param name="Region">Socio-economic region of a province (and of its communes), or null.</param>
/// <param name="Latitude">Approximate latitude of a province's administrative centre, or null.</param>
/// <param name="Longitude">Approximate longitude of a province's administrative centre, or null.</param>
public sealed record AdministrativeUnit(
    string Id,
    string Name,
    string NameAscii,
    UnitLevel Level,
    string? ProvinceCode,
    string Kind,
    string? Region = null,
    double? Latitude = null,
    double? Longitude = null)
{
    /// <summary>The unit id of the central agencies.</summary>
    public const string CentralId = "central";

    /// <summary>The unit id of the supervision center's own parts (self-monitoring).</summary>
    public const string CenterId = "center";
}
