using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Calendar;
using Supervision.Core.Domain;
using Supervision.Simulator.Faults;

namespace Supervision.Simulator.Tests.Support;

/// <summary>One simulator on Kestrel 127.0.0.1:0 with a fake clock; the builder every test uses.</summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    /// <summary>Wednesday 18 November 2026, 10:00 in Vietnam: working hours.</summary>
    public static readonly DateTimeOffset WorkdayMorning = new(2026, 11, 18, 10, 0, 0, VietnamTime.Offset);

    private SimulatorHost(WebApplication app, FakeTimeProvider time, Uri baseAddress)
    {
        App = app;
        Time = time;
        BaseAddress = baseAddress;
        Client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>The app.</summary>
    public WebApplication App { get; }

    /// <summary>The fake clock.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>http://127.0.0.1:port/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client on the base address.</summary>
    public HttpClient Client { get; }

    /// <summary>The fault store (for white-box checks).</summary>
    public FaultStore Faults => App.Services.GetRequiredService<FaultStore>();

    /// <summary>Starts a simulator over <paramref name="inventory"/> (the small one by default).</summary>
    public static async Task<SimulatorHost> StartAsync(Inventory? inventory = null, long seed = 42, DateTimeOffset? start = null, params string[] args)
    {
        var time = new FakeTimeProvider(start ?? WorkdayMorning);
        var inv = inventory ?? TestInventories.Small();
        var app = SimulatorApp.Build(
            ["--port", "0", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), .. args],
            services =>
            {
                services.AddSingleton<TimeProvider>(time);
                services.AddSingleton(inv);
                services.AddSingleton(WorkingCalendar.WeekendsOnly);
            });
        await app.StartAsync();
        return new SimulatorHost(app, time, SimulatorApp.BoundAddress(app));
    }

    /// <summary>GETs a target endpoint body as text (throws unless 2xx).</summary>
    public async Task<string> GetTextAsync(string path, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Parsed samples of a target's /metrics (Prometheus text), checked strictly.</summary>
    public async Task<IReadOnlyList<CheckedSample>> ScrapeAsync(string targetId) =>
        ExpositionChecker.Check(await GetTextAsync($"/t/{targetId}/metrics"), openMetrics: false);

    /// <summary>POSTs a fault; returns the response.</summary>
    public Task<HttpResponseMessage> PostFaultAsync(string json) =>
        Client.PostAsync("/control/faults", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    /// <summary>POSTs a fault that must be accepted; returns its id.</summary>
    public async Task<string> AddFaultAsync(string json)
    {
        using var response = await PostFaultAsync(json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, body);
        using var doc = System.Text.Json.JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("id").GetString()!;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>Helpers over parsed samples.</summary>
public static class SampleExtensions
{
    /// <summary>Sum of the samples named <paramref name="name"/> whose labels include <paramref name="labels"/>.</summary>
    public static double Sum(this IReadOnlyList<CheckedSample> samples, string name, params (string Key, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Sum(s => s.Value);
}
