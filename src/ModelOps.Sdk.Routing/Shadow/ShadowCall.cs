namespace ModelOps.Sdk.Routing.Shadow;

/// <summary>
/// One call waiting for its shadows: the input, the champion's answer and the routing state it was routed under (three
/// references, copied into a pre-allocated ring slot on hand-off).
/// </summary>
internal readonly record struct ShadowCall<TInput, TOutput>(RoutingState<TInput, TOutput> State, TInput Input, TOutput ChampionOutput)
    where TInput : class
    where TOutput : class;
