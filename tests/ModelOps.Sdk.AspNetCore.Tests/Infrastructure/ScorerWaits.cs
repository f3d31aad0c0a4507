using System.Text.Json;

namespace ModelOps.Sdk.AspNetCore.Tests.Infrastructure;

/// <summary>Waits for a state by observing it through the health endpoint, never for a fixed time; a deadline turns a hang into a failure.</summary>
internal static class ScorerWaits
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>Reads <c>/health</c> until the check <c>modelops-scorers</c> says the scorer serves a version.</summary>
    public static async Task UntilServingAsync(HttpClient client, string scorer)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (true)
        {
            using var response = await client.GetAsync("/health", deadline.Token);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(deadline.Token));
            if (json.RootElement.GetProperty("checks").GetProperty("modelops-scorers").GetProperty("data").TryGetProperty(scorer, out var state)
                && state.GetString()!.StartsWith("serving version", StringComparison.Ordinal))
            {
                return;
            }

            // Paces the polling only: what ends the wait is the observed state, and the deadline bounds it.
            await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
        }
    }
}
