using System.Reflection;

namespace ModelOps.Sdk.Routing.Tests.Control;

/// <summary>
/// A registry that forwards every call to a real one, but runs a competing change just before the first <c>MoveAliasAsync</c>:
/// the window between reading the champion and moving it, where a concurrent operator's move lands.
/// </summary>
public class RacingRegistry : DispatchProxy
{
    private IModelRegistry _inner = null!;
    private Func<Task>? _race;

    public static IModelRegistry Create(IModelRegistry inner, Func<Task> race)
    {
        var proxy = Create<IModelRegistry, RacingRegistry>();
        var racing = (RacingRegistry)(object)proxy;
        racing._inner = inner;
        racing._race = race;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod!.Name == nameof(IModelRegistry.MoveAliasAsync) && Interlocked.Exchange(ref _race, null) is { } race)
        {
            race().GetAwaiter().GetResult();
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            throw exception.InnerException;
        }
    }
}
