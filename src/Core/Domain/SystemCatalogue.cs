namespace Supervision.Core.Domain;

/// <summary>The catalogue of monitored system kinds, as in DESIGN.md.</summary>
public static class SystemCatalogue
{
    /// <summary>E-document exchange.</summary>
    public const string Edoc = "edoc";

    /// <summary>Administrative procedure information system.</summary>
    public const string Dossier = "dossier";

    /// <summary>Connector to the National Public Service Portal.</summary>
    public const string Portal = "portal";

    /// <summary>Operational management (work, schedules, digital signature).</summary>
    public const string OpsMgmt = "opsmgmt";

    /// <summary>Paperless meeting rooms.</summary>
    public const string Meeting = "meeting";

    /// <summary>Party Member Handbook back end.</summary>
    public const string Handbook = "handbook";

    /// <summary>The dedicated secure network link.</summary>
    public const string Network = "network";

    /// <summary>The center's collector agent (self-monitoring).</summary>
    public const string Collector = "collector";

    /// <summary>The center's Alerting service (self-monitoring).</summary>
    public const string Alerting = "alerting";

    /// <summary>The center's Dashboard (self-monitoring).</summary>
    public const string Dashboard = "dashboard";

    /// <summary>The center's InfluxDB, its own statistics (self-monitoring).</summary>
    public const string InfluxDb = "influxdb";

    private static readonly UnitLevel[] CenterOnly = [UnitLevel.Center];
    private static readonly UnitLevel[] All = [UnitLevel.Central, UnitLevel.Province, UnitLevel.Commune];
    private static readonly UnitLevel[] CentralProvince = [UnitLevel.Central, UnitLevel.Province];
    private static readonly UnitLevel[] ProvinceCommune = [UnitLevel.Province, UnitLevel.Commune];

    /// <summary>Every system kind, in catalogue order.</summary>
    public static IReadOnlyList<SystemKind> Kinds { get; } =
    [
        new(Edoc, "e-document exchange (Party–Government–Front, incl. confidential)", All, "Liên thông văn bản điện tử"),
        new(Dossier, "administrative procedure information system", ProvinceCommune, "Hệ thống giải quyết thủ tục hành chính"),
        new(Portal, "connector to the National Public Service Portal", CentralProvince, "Kết nối Cổng Dịch vụ công quốc gia"),
        new(OpsMgmt, "operational management (work, schedules, digital signature)", All, "Quản lý điều hành"),
        new(Meeting, "paperless meeting rooms", CentralProvince, "Phòng họp không giấy"),
        new(Handbook, "Party Member Handbook back end", CentralProvince, "Sổ tay đảng viên"),
        new(Network, "the dedicated secure network link", ProvinceCommune, "Mạng truyền số liệu chuyên dùng"),
        new(Collector, "the center's collector agent", CenterOnly, "Bộ thu thập"),
        new(Alerting, "the center's alerting service", CenterOnly, "Dịch vụ cảnh báo"),
        new(Dashboard, "the center's dashboard", CenterOnly, "Bảng điều khiển"),
        new(InfluxDb, "the center's time-series database (InfluxDB)", CenterOnly, "Cơ sở dữ liệu InfluxDB"),
    ];

    /// <summary>Finds a system kind by key (ordinal), or null.</summary>
    public static SystemKind? Find(string key)
    {
        foreach (var kind in Kinds)
        {
            if (string.Equals(kind.Key, key, StringComparison.Ordinal))
            {
                return kind;
            }
        }

        return null;
    }

    /// <summary>The system keys that units of <paramref name="level"/> run by default.</summary>
    public static IReadOnlyList<string> DefaultsFor(UnitLevel level)
    {
        var keys = new List<string>(Kinds.Count);
        foreach (var kind in Kinds)
        {
            if (kind.RunsAt(level))
            {
                keys.Add(kind.Key);
            }
        }

        return keys;
    }
}
