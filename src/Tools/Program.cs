using Supervision.Tools;

return await ToolsCommand.RunAsync(args, Console.Out, Console.Error);
