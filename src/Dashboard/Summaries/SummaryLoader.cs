using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Supervision.Core.Influx;

namespace Supervision.Dashboard.Summaries;

/// <summary>What the summary pages share: ask the service as the current user and turn failures into a sentence for the page.</summary>
public static class SummaryLoader
{
    /// <summary>The sheet, or an error text in Vietnamese that names what is wrong.</summary>
    public static async Task<(SummarySheet? Sheet, string? Error)> LoadAsync(SummaryService summaries, ISummaryAccess access, Task<AuthenticationState>? auth, SummaryRequest request)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(access);
        var user = auth is null ? new ClaimsPrincipal(new ClaimsIdentity()) : (await auth).User;
        try
        {
            return (await summaries.GetAsync(request, access.AllowedProvinces(user), CancellationToken.None), null);
        }
        catch (SummaryRequestException ex)
        {
            return (null, (ex.Forbidden ? "Không có quyền xem: " : "Yêu cầu không hợp lệ: ") + ex.Message);
        }
        catch (InfluxException ex)
        {
            return (null, "Không đọc được số liệu từ InfluxDB: " + ex.Message);
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("no InfluxDB", StringComparison.Ordinal))
        {
            return (null, "Chưa cấu hình InfluxDB: " + ex.Message);
        }
    }
}
