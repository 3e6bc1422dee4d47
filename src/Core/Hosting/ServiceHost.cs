using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Supervision.Core.Hosting;

/// <summary>
/// How every service of the center starts, in one place (the services' own wiring stays in their <c>*App</c>): the host
/// reads appsettings.json beside the binaries whatever directory it is started from, takes the same short switches
/// style, listens on loopback unless told otherwise, validates its options at start-up with every failing key named,
/// and exits with code 2 (no stack trace) when they are wrong.
/// </summary>
public static class ServiceHost
{
    /// <summary>Exit code of a start refused for its configuration.</summary>
    public const int ConfigurationExitCode = 2;

    /// <summary>
    /// A web application builder with content root beside the binaries, <paramref name="switches"/> mapped onto their
    /// keys, and <paramref name="defaultUrl"/> when neither <c>urls</c> nor <c>ASPNETCORE_URLS</c> is given.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, IDictionary<string, string> switches, string defaultUrl)
    {
        ArgumentNullException.ThrowIfNull(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, switches);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(defaultUrl);
        }

        return builder;
    }

    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to <paramref name="section"/>, checks its annotations and
    /// <typeparamref name="TValidator"/> at start-up (so a bad setting stops the start, not the first request).
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        return services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
    }

    /// <summary>
    /// Builds and runs the service until it stops; a configuration the validators refuse is printed, one failing key a
    /// line under "<paramref name="service"/> configuration is invalid:", and ends with <see cref="ConfigurationExitCode"/>.
    /// </summary>
    public static async Task<int> RunAsync(string service, Func<WebApplication> build, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            await using var app = build();
            await app.RunAsync();
            return 0;
        }
        catch (Exception ex) when (ex is OptionsValidationException || (ex is AggregateException all && all.InnerExceptions.All(e => e is OptionsValidationException)))
        {
            // Several sections wrong at once arrive as an AggregateException of the sections' failures: every one is named.
            var failures = ex is AggregateException many ? many.InnerExceptions.SelectMany(e => ((OptionsValidationException)e).Failures) : ((OptionsValidationException)ex).Failures;
            await error.WriteLineAsync($"{service} configuration is invalid:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", failures)}");
            return ConfigurationExitCode;
        }
    }
}
