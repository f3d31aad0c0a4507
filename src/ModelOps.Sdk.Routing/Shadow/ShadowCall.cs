using ModelOps.Sdk.Routing.Predictions;

namespace ModelOps.Sdk.Routing.Shadow;

/// <summary>One call waiting for its shadows: the input, the champion's answer and the routing state it was routed under.</summary>
internal readonly record struct ShadowCall<TInput, TOutput>(RoutingState<TInput, TOutput> State, TInput Input, TOutput ChampionOutput, PredictionId Id)
    where TInput : class
    where TOutput : class;
