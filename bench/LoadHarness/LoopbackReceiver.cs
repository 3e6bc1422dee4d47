using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Supervision.LoadHarness;

/// <summary>A webhook receiver on 127.0.0.1:0 for the alerting harnesses: answers 200 to every request.</summary>
internal static class LoopbackReceiver
{
    /// <summary>Starts it; <paramref name="onBody"/> gets each body and its arrival (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public static async Task<(WebApplication App, Uri Hook)> StartAsync(Action<string, long> onBody)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(async ctx =>
        {
            using var reader = new StreamReader(ctx.Request.Body);
            var body = await reader.ReadToEndAsync(ctx.RequestAborted);
            onBody(body, Stopwatch.GetTimestamp());
            ctx.Response.StatusCode = StatusCodes.Status200OK;
        });
        await app.StartAsync();
        return (app, new Uri(new Uri(app.Urls.First()), "hook"));
    }
}
