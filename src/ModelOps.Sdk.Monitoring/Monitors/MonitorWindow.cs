using ModelOps.Sdk.Monitoring.Profiles;

namespace ModelOps.Sdk.Monitoring.Monitors;

/// <summary>A closed window of a <see cref="StreamingMonitor{TInput, TOutput}"/>: the profile of its rows and when it ran.</summary>
/// <param name="Sequence">1 for the first window the monitor published, then 2, 3, ...</param>
/// <param name="StartedAt">When the window's oldest sub-window started.</param>
/// <param name="EndedAt">When the window closed.</param>
/// <param name="SubWindows">How many sub-windows it holds (fewer than configured while a sliding window fills up).</param>
/// <param name="Profile">The profile of its rows, in the reference's bins; merge it with other instances' windows with
/// <see cref="DataProfile.Merge"/>.</param>
public sealed record MonitorWindow(long Sequence, DateTimeOffset StartedAt, DateTimeOffset EndedAt, int SubWindows, DataProfile Profile);
