using System.Net.Http.Json;
using System.Text.Json;

namespace Supervision.EndToEnd.Tests;

/// <summary>Faults one test injects into the simulator (its control API), all removed when the test ends.</summary>
public sealed class SimulatorFaults(Uri simulator) : IAsyncDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = simulator };
    private readonly List<string> _ids = [];

    /// <summary>Makes one system of one unit answer as down for ten minutes (or until the test ends).</summary>
    public async Task DownAsync(string unit, string system = "edoc")
    {
        using var response = await _http.PostAsJsonAsync("/control/faults", new { selector = new { unit, system }, kind = "down", durationSeconds = 600 });
        response.EnsureSuccessStatusCode();
        _ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").ToString());
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var id in _ids)
        {
            using var _ = await _http.DeleteAsync($"/control/faults/{id}");
        }

        _http.Dispose();
    }
}
