using System.Net.Http.Json;
using System.Text.Json;

namespace Supervision.EndToEnd.Tests;

/// <summary>Faults one test injects into the simulator (its control API), all removed when the test ends.</summary>
public sealed class SimulatorFaults(Uri simulator) : IAsyncDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = simulator };
    private readonly List<string> _ids = [];

    /// <summary>Makes one system of one unit answer as down for ten minutes (or until the test ends).</summary>
    public Task DownAsync(string unit, string system = "edoc") => AddAsync(unit, system, "down");

    /// <summary>Makes a province and all of its communes answer as down (every system) until the test ends.</summary>
    public Task ProvinceDownAsync(string province) => AddAsync(new { province }, "down");

    /// <summary>Makes one system of one unit answer malformed exposition text on /metrics; returns the fault's id.</summary>
    public Task<string> GarbageAsync(string unit, string system) => AddAsync(unit, system, "garbage");

    /// <summary>Ends one fault before the test does.</summary>
    public async Task RemoveAsync(string id)
    {
        using var response = await _http.DeleteAsync($"/control/faults/{id}");
        response.EnsureSuccessStatusCode();
        _ids.Remove(id);
    }

    private Task<string> AddAsync(string unit, string system, string kind) => AddAsync(new { unit, system }, kind);

    private async Task<string> AddAsync(object selector, string kind)
    {
        using var response = await _http.PostAsJsonAsync("/control/faults", new { selector, kind, durationSeconds = 600 });
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").ToString();
        _ids.Add(id);
        return id;
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
