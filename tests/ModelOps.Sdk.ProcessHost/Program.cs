using ModelOps.Sdk.ProcessHost;
using ModelOps.Sdk.ProcessHost.Commands;

// A small command dispatcher: each command is a class with a name, a usage line and a RunAsync; add new ones to this table.
IHostCommand[] commands =
[
    new AppendCommand(),
    new AppendForeverCommand(),
    new UploadThenHangCommand(),
    new RegisterCommand(),
    new RegisterLargeThenHangCommand(),
    new MoveAliasCommand(),
    new WatchAliasCommand(),
    new StickyArmsCommand(),
    new ServeAliasCommand(),
    new RegisterThenHangAfterUploadCommand(),
    new HoldArtifactCommand(),
    new RegisterLinesCommand(),
];

if (args.Length == 0 || commands.FirstOrDefault(c => c.Name == args[0]) is not { } command)
{
    await Console.Error.WriteLineAsync("usage: ModelOps.Sdk.ProcessHost <command> [arguments]");
    foreach (IHostCommand known in commands)
    {
        await Console.Error.WriteLineAsync($"  {known.Name} {known.Usage}");
    }

    return 2;
}

string[] arguments = args[1..];
if (arguments.Length != command.ArgumentCount)
{
    await Console.Error.WriteLineAsync($"usage: ModelOps.Sdk.ProcessHost {command.Name} {command.Usage}");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

try
{
    return await command.RunAsync(arguments, stop.Token);
}
catch (Exception exception)
{
    await Console.Error.WriteLineAsync($"{command.Name} failed: {exception}");
    return 1;
}
