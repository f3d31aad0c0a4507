using ModelOps.Sdk.Cli;

return await ModelOpsCommandLine.RunAsync(args).ConfigureAwait(false);
