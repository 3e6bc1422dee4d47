namespace Supervision.Dashboard.Summaries;

/// <summary>What the summary pages share: ask the service as the current user and turn failures into a sentence for the page.</summary>
public static class SummaryLoader
{
    /// <summary>The sheet, or an error text in Vietnamese that names what is wrong.</summary>
    public static Task<(SummarySheet? Sheet, string? Error)> LoadAsync(SummaryService summaries, ISummaryAccess access, Task<AuthenticationState>? auth, SummaryRequest request)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        return RunAsync(access, auth, allowed => summaries.GetAsync(request, allowed, CancellationToken.None), english: false);
    }

    /// <summary>The charts, or why there are none (InfluxDB unreachable or not configured, a bad request), in the page's language.</summary>
    public static Task<(Charts.SummaryTrends? Trends, string? Error)> LoadTrendsAsync(SummaryService summaries, ISummaryAccess access, Task<AuthenticationState>? auth, SummaryRequest request, bool english)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        return RunAsync(access, auth, allowed => summaries.GetTrendsAsync(request, allowed, CancellationToken.None), english);
    }

    private static async Task<(T? Value, string? Error)> RunAsync<T>(ISummaryAccess access, Task<AuthenticationState>? auth, Func<IReadOnlySet<string>?, Task<T>> read, bool english)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(access);
        var user = auth is null ? new ClaimsPrincipal(new ClaimsIdentity()) : (await auth).User;
        try
        {
            return (await read(access.AllowedProvinces(user)), null);
        }
        catch (SummaryRequestException ex)
        {
            return (null, (ex.Forbidden ? (english ? "Not allowed: " : "Không có quyền xem: ") : (english ? "Bad request: " : "Yêu cầu không hợp lệ: ")) + ex.Message);
        }
        catch (InfluxException ex)
        {
            return (null, (english ? "InfluxDB unavailable, the figures cannot be read: " : "Không đọc được số liệu từ InfluxDB: ") + ex.Message);
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("no InfluxDB", StringComparison.Ordinal))
        {
            return (null, (english ? "No InfluxDB configured: " : "Chưa cấu hình InfluxDB: ") + ex.Message);
        }
    }
}
