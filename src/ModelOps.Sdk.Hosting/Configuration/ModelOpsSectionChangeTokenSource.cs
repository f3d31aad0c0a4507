using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace ModelOps.Sdk.Hosting.Configuration;

/// <summary>Tells <see cref="IOptionsMonitor{TOptions}"/> that options bound from the <c>ModelOps</c> section changed on reload.</summary>
internal sealed class ModelOpsSectionChangeTokenSource<TOptions>(ModelOpsConfigurationSource source) : IOptionsChangeTokenSource<TOptions>
{
    public string? Name => Options.DefaultName;

    public IChangeToken GetChangeToken() => OptionsSections.RelativePath(typeof(TOptions)) is null
        ? NeverChanges.Instance
        : source.Section.GetReloadToken();

    private sealed class NeverChanges : IChangeToken
    {
        public static readonly NeverChanges Instance = new();

        public bool HasChanged => false;

        public bool ActiveChangeCallbacks => false;

        public IDisposable RegisterChangeCallback(Action<object?> callback, object? state) => EmptyDisposable.Instance;
    }

    private sealed class EmptyDisposable : IDisposable
    {
        public static readonly EmptyDisposable Instance = new();

        public void Dispose()
        {
        }
    }
}
