using Supervision.Collector.Cli;

if (args is ["check", ..])
{
    return await CheckCommand.RunAsync(args[1..], Console.In, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/healthz", () => "ok");
await app.RunAsync();
return 0;
