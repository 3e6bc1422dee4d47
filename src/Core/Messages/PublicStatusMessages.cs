namespace Supervision.Core.Messages;

/// <summary>
/// The citizens' status page (<c>/status</c>, <c>/status.json</c>): per province, the public-service portal and the
/// dossier systems now, today and over 7 days, and their interruptions in plain Vietnamese. Nothing internal: no
/// alert text, no target address, no people, no unit system's inner state (src/Dashboard/README.md, "Public status page").
/// </summary>
/// <param name="GeneratedAt">When this report was built from the live state.</param>
/// <param name="AvailabilityAt">When the availability figures were last read from the roll-ups, or null when never.</param>
/// <param name="AvailabilityThrough">The end of the last whole hour those figures count (they come from the hourly roll-ups), or null.</param>
/// <param name="AvailabilityFailedAt">When the latest read of the availability figures failed (the figures shown are older), or null.</param>
/// <param name="Provinces">The 34 provinces, in code order.</param>
/// <param name="Incidents">Interruptions of the last 7 days, newest first.</param>
public sealed record PublicStatusReport(
    DateTimeOffset GeneratedAt,
    DateTimeOffset? AvailabilityAt,
    DateTimeOffset? AvailabilityThrough,
    DateTimeOffset? AvailabilityFailedAt,
    IReadOnlyList<PublicProvinceStatus> Provinces,
    IReadOnlyList<PublicIncident> Incidents);

/// <summary>One province on the public page.</summary>
/// <param name="Code">Official province code.</param>
/// <param name="Name">Vietnamese name with its kind ("Thành phố Hà Nội", "Tỉnh Cao Bằng").</param>
/// <param name="Portal">Its connection to the National Public Service Portal.</param>
/// <param name="Dossier">Its dossier (administrative procedure) systems: the province's and its communes'.</param>
public sealed record PublicProvinceStatus(string Code, string Name, PublicServiceStatus Portal, PublicServiceStatus Dossier);

/// <summary>One public service of one province.</summary>
/// <param name="State">Its state now.</param>
/// <param name="Systems">How many systems it counts (1 for the portal; the province's and its communes' dossier systems).</param>
/// <param name="Interrupted">Of those, how many are interrupted now.</param>
/// <param name="Today">Share of checks that found it working since midnight (Vietnam time, whole hours), or null without checks.</param>
/// <param name="Days7">Share over the last 7 days, or null without checks.</param>
public sealed record PublicServiceStatus(PublicServiceState State, int Systems, int Interrupted, double? Today, double? Days7);

/// <summary>A public service's state, as a citizen reads it.</summary>
public enum PublicServiceState
{
    /// <summary>Working normally ("Hoạt động bình thường").</summary>
    Normal,

    /// <summary>Working but slow ("Hoạt động chậm").</summary>
    Slow,

    /// <summary>Some of the province's systems are interrupted ("Gián đoạn một phần").</summary>
    Partial,

    /// <summary>Interrupted ("Gián đoạn").</summary>
    Interrupted,

    /// <summary>No current information (the center does not hear from it: "Chưa có thông tin").</summary>
    NoData,
}

/// <summary>One interruption of a province's public service.</summary>
/// <param name="ProvinceCode">The province.</param>
/// <param name="Service"><c>portal</c> or <c>dossier</c>.</param>
/// <param name="Start">When it stopped working.</param>
/// <param name="End">When it worked again, or null while it lasts.</param>
/// <param name="Text">The sentence shown ("Cổng dịch vụ công tỉnh Cao Bằng gián đoạn từ 09:12 đến 09:40 ngày 07/12/2026").</param>
public sealed record PublicIncident(string ProvinceCode, string Service, DateTimeOffset Start, DateTimeOffset? End, string Text);
